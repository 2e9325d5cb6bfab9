#!/usr/bin/env node
/**
 * The `mindvideo` command. Exit codes: 0 success; 1 the task failed or was cancelled; 2 usage
 * error or invalid input (nothing was sent); 3 the API answered with an error; 4 network error or
 * timeout; 5 --timeout reached while waiting; 6 a download failed (link expired, cut, too large).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { models, type ModelSlug } from "../../generated/models/registry.js";
import { APIConnectionError, APIError, InputValidationError, TaskFailedError, WaitTimeoutError } from "../errors.js";
import { VideoGateway } from "../gateway/client.js";
import type { GenerationClient, GenerationTask } from "../generations.js";
import { MindVideo } from "../mindvideo/client.js";
import { parameterRows } from "../model-docs.js";
import { isModelSlug, validateInput } from "../validation.js";
import { BatchInputError } from "../node/batch/jobs.js";
import { JournalError } from "../node/batch/journal.js";
import { DownloadError, downloadOutputs } from "../node/download.js";
import { batchCommand } from "./batch.js";
import { inputFromFile } from "./input-file.js";
import { createProgress } from "./progress.js";

const LIVE_POLL_CAP_MS = 2_000;

export const EXIT = { ok: 0, taskFailed: 1, usage: 2, api: 3, network: 4, waitTimeout: 5, download: 6, maxCost: 7 } as const;

export const USAGE = `usage: mindvideo <command> [options]

commands:
  models [--provider P]                     list models (provider, slug, output kind)
  models show <slug>                        a model's parameters
  run <model> --prompt TEXT [--set k=v]... [--input file.json] [--wait] [--timeout SECONDS] [--download DIR (implies --wait)]
  tasks get|events|wait <id> [--provider P] [--download DIR]
  batch jobs.jsonl --out DIR [--concurrency N] [--max-cost X] [--download] [--skip-invalid] [--batch-id ID] [--no-low-memory]
                                            one {"id","model","input"} per line; rerun the same command to resume

options:
  --provider mindvideo|gateway  which API (default: the model's, or mindvideo for tasks)
  --base-url URL                the API's base URL (e.g. a mock: http://127.0.0.1:4010)
  --json                        machine-readable output
  --input FILE                  the input object, or a whole request body ({ model, input }, or the gateway's flat body)
  --no-low-memory               batch: leave V8's heap at its defaults (faster, about 1.5× the peak memory)
keys: MINDVIDEO_API_KEY, VIDEO_GATEWAY_API_KEY
exit codes: 0 ok, 1 task failed or cancelled, 2 usage or invalid input (nothing sent), 3 API error, 4 network error or timeout, 5 --timeout reached, 6 download failed, 7 batch stopped at --max-cost`;

class UsageError extends Error {}

type Out = { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };

export async function main(argv: string[], out: Out = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  // `batch --download` is a switch (files go to --out), `run --download DIR` takes a directory.
  const args = argv[0] === "batch" ? argv.map((a) => (a === "--download" ? "--download=" : a)) : argv;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      provider: { type: "string" },
      "base-url": { type: "string" },
      json: { type: "boolean", default: false },
      prompt: { type: "string" },
      set: { type: "string", multiple: true, default: [] },
      input: { type: "string" },
      wait: { type: "boolean", default: false },
      timeout: { type: "string" },
      download: { type: "string" },
      concurrency: { type: "string" },
      out: { type: "string" },
      "max-cost": { type: "string" },
      "skip-invalid": { type: "boolean", default: false },
      "batch-id": { type: "string" },
      "no-low-memory": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const print = (text: string) => out.stdout.write(`${text}\n`);
  const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    print(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const provider = values.provider;
  if (provider !== undefined && provider !== "mindvideo" && provider !== "gateway") throw new UsageError(`--provider must be mindvideo or gateway (got ${provider})`);
  const client = (p: string) => {
    const options = values["base-url"] ? { baseUrl: values["base-url"] } : {};
    return p === "gateway" ? new VideoGateway(options) : new MindVideo(options);
  };

  if (command === "models" && sub === undefined) {
    const list = Object.values(models).filter((m) => !provider || m.provider === provider);
    if (values.json) printJson(list.map(({ provider: p, slug, output, title }) => ({ provider: p, slug, output, title })));
    else print(table(["provider", "slug", "output", "title"], list.map((m) => [m.provider, m.slug, m.output, m.title])));
    return EXIT.ok;
  }
  if (command === "models" && sub === "show") {
    if (!arg || !isModelSlug(arg)) throw new UsageError(`unknown model ${JSON.stringify(arg)}; see \`mindvideo models\``);
    const info = models[arg];
    const rows = parameterRows(info.schema);
    if (values.json) printJson({ ...info, parameters: rows });
    else {
      print(`${info.title} (${info.slug}) · ${info.provider} · ${info.output}\n${info.description}\n`);
      print(table(["parameter", "type", "default", "allowed", ""], rows.map((r) => [r.name + (r.required ? " *" : ""), r.type, "default" in r ? JSON.stringify(r.default) : "", r.allowed, r.advanced ? "advanced" : ""])));
      if (info.rules.length > 0) print(`\nrules:\n${info.rules.map((r) => `  - ${r.message}`).join("\n")}`);
    }
    return EXIT.ok;
  }
  if (command === "run") {
    const model = sub;
    if (!model || !isModelSlug(model)) throw new UsageError(`unknown model ${JSON.stringify(model)}; see \`mindvideo models\``);
    const owner = models[model].provider;
    if (provider && provider !== owner) throw new UsageError(`${model} is a ${owner} model, not ${provider}`);
    const input = buildInput(model, values.input, values.prompt, values.set);
    const checked = validateInput(model, input, { provider: owner });
    if (!checked.ok) {
      out.stderr.write(`invalid input for ${model} (nothing was sent):\n${checked.errors.map((e) => `  - ${e.message}`).join("\n")}\n`);
      return EXIT.usage;
    }
    const generations = client(owner).generations as GenerationClient;
    const submitted = await generations.submit({ model, input } as never);
    if (!values.wait && values.download === undefined) {
      if (values.json) printJson(submitted);
      else print(`task ${submitted.id} ${submitted.status}${costText(submitted)}`);
      return EXIT.ok;
    }
    if (!values.json) print(`task ${submitted.id} ${submitted.status}${costText(submitted)}`);
    const done = await waitWithProgress(generations, submitted.id, values.timeout, out, values.json);
    return saveOutputs(report(done, values.json, print), done, values.download, out, values["base-url"]);
  }
  if (command === "tasks" && (sub === "get" || sub === "events" || sub === "wait")) {
    if (!arg) throw new UsageError(`tasks ${sub} needs a task id`);
    const p = provider ?? "mindvideo";
    if (sub === "events") {
      if (p !== "mindvideo") throw new UsageError("only the MindVideo API has task events");
      const page = await (client(p) as MindVideo).tasks.events(arg);
      if (values.json) printJson(page);
      else print(table(["time", "type", "status", "progress"], page.data.map((e) => [e.created_at, e.type, e.status ?? "", e.progress === undefined ? "" : `${e.progress}%`])));
      return EXIT.ok;
    }
    const generations = client(p).generations;
    const task = sub === "get" ? await generations.get(arg) : await waitWithProgress(generations, arg, values.timeout, out, values.json);
    return saveOutputs(report(task, values.json, print), task, sub === "wait" ? values.download : undefined, out, values["base-url"]);
  }
  if (command === "batch") {
    if (!sub) throw new UsageError("batch needs a jobs.jsonl file");
    if (!values.out) throw new UsageError("batch needs --out DIR (journal and files go there)");
    const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024) throw new UsageError(`--concurrency must be an integer from 1 to 1024 (got ${values.concurrency})`);
    const maxCost = values["max-cost"] === undefined ? undefined : Number(values["max-cost"]);
    if (maxCost !== undefined && !(maxCost >= 0 && Number.isFinite(maxCost))) throw new UsageError(`--max-cost must be a number ≥ 0 (got ${values["max-cost"]})`);
    return batchCommand(
      { file: sub, out: values.out, concurrency, maxCost, download: values.download !== undefined, skipInvalid: values["skip-invalid"], batchId: values["batch-id"], baseUrl: values["base-url"], json: values.json, lowMemory: !values["no-low-memory"] },
      out,
    );
  }
  throw new UsageError(`unknown command: ${positionals.join(" ")}`);
}

function buildInput(model: ModelSlug, file: string | undefined, prompt: string | undefined, sets: string[]): Record<string, unknown> {
  let input: Record<string, unknown> = {};
  if (file) {
    try {
      input = inputFromFile(JSON.parse(readFileSync(file, "utf8")), model);
    } catch (error) {
      throw new UsageError(`--input ${file}: ${(error as Error).message}`);
    }
  }
  if (prompt !== undefined) input.prompt = prompt;
  const properties = (models[model].schema.properties ?? {}) as Record<string, { type?: string }>;
  for (const pair of sets) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new UsageError(`--set expects key=value (got ${pair})`);
    const [key, raw] = [pair.slice(0, eq), pair.slice(eq + 1)];
    input[key] = coerce(raw, properties[key]?.type, key);
  }
  return input;
}

/** `--set` values are text; the model schema says what they should be. */
function coerce(raw: string, type: string | undefined, key: string): unknown {
  if (type === "integer" || type === "number") {
    const n = Number(raw);
    if (raw.trim() === "" || Number.isNaN(n)) throw new UsageError(`--set ${key}=${raw}: ${key} is a number`);
    return n;
  }
  if (type === "boolean") {
    if (raw !== "true" && raw !== "false") throw new UsageError(`--set ${key}=${raw}: ${key} is true or false`);
    return raw === "true";
  }
  if (type === "array" || type === "object") {
    if (/^\s*[[{]/.test(raw)) {
      try {
        return JSON.parse(raw);
      } catch {
        throw new UsageError(`--set ${key}=${raw}: not valid JSON`);
      }
    }
    if (type === "array") return raw.split(",").map((s) => s.trim()).filter(Boolean);
  }
  return raw;
}

async function waitWithProgress(generations: GenerationClient, id: string, timeout: string | undefined, out: Out, json: boolean): Promise<GenerationTask> {
  const timeoutMs = timeout === undefined ? undefined : Number(timeout) * 1000;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new UsageError(`--timeout must be a positive number of seconds (got ${timeout})`);
  const progress = json ? undefined : createProgress(out.stderr.isTTY ? out.stderr : out.stdout);
  try {
    // A live display should move: poll at least every 2 s even when the server's hint is longer.
    const schedule = progress ? { maxPollIntervalMs: LIVE_POLL_CAP_MS } : {};
    return await generations.wait(id, { ...schedule, ...(timeoutMs === undefined ? {} : { timeoutMs }), onUpdate: (task) => progress?.update(task) });
  } finally {
    progress?.finish();
  }
}

function report(task: GenerationTask, json: boolean, print: (text: string) => void): number {
  if (json) print(JSON.stringify(task, null, 2));
  else {
    print(`${task.status}${task.progress === undefined ? "" : ` (${task.progress}%)`}${costText(task)}`);
    for (const output of task.outputs) print(output.url);
    if (task.expiresAt) print(`links expire at ${task.expiresAt}`);
    if (task.error) print(`error: ${task.error.message}`);
  }
  return task.status === "failed" || task.status === "cancelled" ? EXIT.taskFailed : EXIT.ok;
}

/** --download DIR: the outputs of a succeeded task, saved; paths and checksums go to stderr so stdout stays the report. */
async function saveOutputs(code: number, task: GenerationTask, dir: string | undefined, out: Out, apiBaseUrl: string | undefined): Promise<number> {
  if (dir === undefined || task.status !== "succeeded") return code;
  // Links on the API's own origin (--base-url, e.g. a local mock) are trusted; other special addresses are refused.
  const files = await downloadOutputs(task, dir, apiBaseUrl ? { apiBaseUrl } : {});
  for (const file of files) out.stderr.write(`${file.skipped ? "already saved" : "saved"} ${file.path} sha256 ${file.sha256}\n`);
  return code;
}

function costText(task: GenerationTask): string {
  const parts = [task.cost?.actual !== undefined ? `cost ${task.cost.actual}` : task.cost?.estimate !== undefined ? `estimated cost ${task.cost.estimate}` : ""].filter(Boolean);
  const unit = task.cost?.unit === "credits" ? " credits" : "";
  return parts.length ? ` · ${parts.join(", ")}${unit}` : "";
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (c ?? "").padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof InputValidationError || error instanceof BatchInputError || error instanceof JournalError) return EXIT.usage;
  if (error instanceof TaskFailedError) return EXIT.taskFailed;
  if (error instanceof WaitTimeoutError) return EXIT.waitTimeout;
  if (error instanceof DownloadError) return EXIT.download;
  if (error instanceof APIConnectionError) return EXIT.network;
  if (error instanceof APIError) return EXIT.api;
  return EXIT.usage;
}

const invokedDirectly = process.argv[1] !== undefined && /cli[\\/]main\.[cm]?[jt]s$|[\\/]mindvideo$/.test(process.argv[1]);
if (invokedDirectly) {
  // `mindvideo models | head` closes the pipe early: that is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" ? process.exit(EXIT.ok) : undefined));
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`mindvideo: ${(error as Error).message}\n`);
      process.exitCode = exitCodeFor(error);
    },
  );
}
