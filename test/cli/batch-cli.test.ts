/**
 * `mindvideo batch` as a real process against the stateful mock: SIGKILLed at random moments
 * and started again, it ends with exactly one task per job and every file on disk, intact.
 */
import { execFile, spawn } from "node:child_process";
import v8 from "node:v8";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { exitCodeFor, main } from "../../src/cli/main.js";
import { JOURNAL_FILE } from "../../src/node/batch/index.js";
import { FAST_TIMING, startMockBatchApi, videoJobs, type MockBatchApi } from "../helpers/batch-api.js";
import { repoRoot } from "../helpers/openapi.js";

// `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process, which SIGKILL would orphan.
const node = (args: string[]) => ["--import", "tsx", cli, ...args];
const cli = join(repoRoot, "src", "cli", "main.ts");
const env = { ...process.env, MINDVIDEO_API_KEY: "mv_batch_cli" };
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
let api: MockBatchApi;
let dir: string;
// The in-process cases must not switch this test worker's own heap: the spy records the flags instead.
let v8Flags: { mock: { calls: unknown[][] }; mockRestore(): void };

async function run(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, node(args), { env, encoding: "utf8", cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The CLI in this process (what the entry does with `main`), for the cases that need no real process to kill. */
async function runInProcess(args: string[]) {
  let [stdout, stderr] = ["", ""];
  const stream = (write: (chunk: string) => void) => ({ isTTY: false, write: (chunk: string) => (write(chunk), true) }) as unknown as NodeJS.WriteStream;
  const saved = process.env.MINDVIDEO_API_KEY;
  process.env.MINDVIDEO_API_KEY = env.MINDVIDEO_API_KEY;
  try {
    const code = await main(args, { stdout: stream((c) => (stdout += c)), stderr: stream((c) => (stderr += c)) }).catch((error: unknown) => {
      stderr += `mindvideo: ${(error as Error).message}\n`;
      return exitCodeFor(error);
    });
    return { code, stdout, stderr };
  } finally {
    if (saved === undefined) delete process.env.MINDVIDEO_API_KEY;
    else process.env.MINDVIDEO_API_KEY = saved;
  }
}

/** Starts the batch and SIGKILLs it once `shouldKill` says so; resolves with how it ended. */
function runUntil(args: string[], shouldKill: (state: { journal: string; succeeded: Set<string> }) => boolean, succeeded: Set<string>, journalPath: string): Promise<{ killed: boolean; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, node(args), { env, stdio: ["ignore", "pipe", "pipe"], cwd: repoRoot });
    let killed = false;
    let buffered = "";
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const check = () => {
      if (killed) return;
      const journal = existsSync(journalPath) ? readFileSync(journalPath, "utf8") : "";
      if (shouldKill({ journal, succeeded })) {
        killed = true;
        child.kill("SIGKILL");
      }
    };
    const watcher = watch(dir, check);
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      output += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        const match = /^\d+\/\d+ (\S+) succeeded/.exec(line);
        if (match) succeeded.add(match[1]!);
      }
      check();
    });
    child.on("exit", (code) => {
      watcher.close();
      resolve({ killed, code, output });
    });
  });
}

beforeAll(async () => {
  // Files of 512 KiB, each its own bytes: a kill can land mid-download and a mixed-up file would show.
  api = await startMockBatchApi(FAST_TIMING, { outputBytes: 512 * 1024 });
});
afterAll(() => api.close());
beforeEach(async () => {
  v8Flags = vi.spyOn(v8, "setFlagsFromString").mockImplementation(() => undefined);
  dir = mkdtempSync(join(tmpdir(), "mindvideo-batch-cli-"));
  await fetch(`${api.baseUrls.mindvideo}/__mock/reset`, { method: "POST" });
  Object.assign(api.counts, { create: 0, get: 0, file: 0, rateLimited: 0, total: 0 });
});
afterEach(() => {
  v8Flags.mockRestore();
  rmSync(dir, { recursive: true, force: true });
});

describe("mindvideo batch", () => {
  it("50 jobs at concurrency 8, SIGKILLed at three random moments and restarted: 50 tasks, 50 intact files", async () => {
    const jobsFile = join(dir, "jobs.jsonl");
    writeFileSync(jobsFile, videoJobs(50).map((job) => JSON.stringify(job)).join("\n"));
    const out = join(dir, "out");
    const journalPath = join(out, JOURNAL_FILE);
    const args = ["batch", jobsFile, "--concurrency", "8", "--out", out, "--download", "--base-url", api.baseUrls.mindvideo];
    const random = (from: number, to: number) => from + Math.floor(Math.random() * (to - from + 1));
    const succeeded = new Set<string>();
    // 1: mid-submission (after k submitted records); 2 and 3: after t jobs have succeeded in all.
    const submittedAt = random(1, 8);
    const [t2, t3] = [random(3, 15), 0].map((v, i, a) => (i === 0 ? v : a[0]! + random(5, 20)));
    const moments = [
      ({ journal }: { journal: string }) => (journal.match(/"type":"submitted"/g) ?? []).length >= submittedAt,
      () => succeeded.size >= t2!,
      () => succeeded.size >= t3!,
    ];
    const context = `kill moments: ${submittedAt} submitted, ${t2} and ${t3} succeeded`;
    for (const moment of moments) {
      const ended = await runUntil(args, moment, succeeded, journalPath);
      expect(ended.killed, `${context}: the run finished before it was killed (exit ${ended.code}):\n${ended.output}`).toBe(true);
    }
    const last = await run(args);
    expect(last.code, `${context}\n${last.stdout}\n${last.stderr}`).toBe(0);
    expect(await api.taskCount()).toBe(50);
    const files = readdirSync(out).filter((name) => name.endsWith(".mp4"));
    expect(files).toHaveLength(50);
    expect(readdirSync(out).filter((name) => name.endsWith(".part"))).toEqual([]);
    const summary = JSON.parse(readFileSync(join(out, "mindvideo-batch-summary.json"), "utf8"));
    expect(summary.counts).toMatchObject({ total: 50, succeeded: 50, failed: 0 });
    const listed = (await (await fetch(`${api.baseUrls.mindvideo}/__mock/tasks`)).json()) as { data: { id: string }[] };
    expect(new Set(listed.data.map((task) => task.id))).toEqual(new Set((summary.jobs as { taskId: string }[]).map((job) => job.taskId)));
    const checksums = new Set<string>();
    for (const job of summary.jobs as { id: string; taskId: string }[]) {
      const onDisk = sha256(readFileSync(join(out, `${job.id}-0.mp4`)));
      expect(onDisk, job.id).toBe(sha256(await api.servedBytes(job.taskId)));
      checksums.add(onDisk);
    }
    expect(checksums.size).toBe(50);
  }, 120_000);

  it("a malformed jobs.jsonl is reported by line before anything is sent (exit 2); --skip-invalid runs the rest", async () => {
    const jobsFile = join(dir, "jobs.jsonl");
    const good = videoJobs(2).map((job) => JSON.stringify(job));
    writeFileSync(jobsFile, [good[0], "{not json", JSON.stringify({ id: "m", model: "nope", input: {} }), good[1], good[0]].join("\n"));
    const before = api.counts.total;
    const bad = await runInProcess(["batch", jobsFile, "--out", join(dir, "out"), "--base-url", api.baseUrls.mindvideo]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/3 invalid jobs \(nothing was submitted\)/);
    expect(bad.stderr).toMatch(/line 2: not valid JSON/);
    expect(bad.stderr).toMatch(/line 3 \(m\): unknown model "nope"/);
    expect(bad.stderr).toMatch(/line 5 \(job-1\): duplicate job id "job-1" \(first on line 1\)/);
    expect(api.counts.total).toBe(before);
    const skipped = await runInProcess(["batch", jobsFile, "--out", join(dir, "out"), "--skip-invalid", "--base-url", api.baseUrls.mindvideo]);
    expect(skipped.stderr).toMatch(/skipped line 2/);
    expect(await api.taskCount()).toBe(2);
    expect(skipped.stdout).toMatch(/^succeeded\s+2$/m);
  });

  it("--max-cost: stops at the cap, exit 7, JSON summary", async () => {
    const jobsFile = join(dir, "jobs.jsonl");
    writeFileSync(jobsFile, videoJobs(6).map((job) => JSON.stringify(job)).join("\n"));
    const result = await runInProcess(["batch", jobsFile, "--out", join(dir, "out"), "--max-cost", "0.2", "--json", "--base-url", api.baseUrls.mindvideo]);
    expect(result.code).toBe(7);
    const summary = JSON.parse(result.stdout);
    // 0.0657 each: three fit under 0.2.
    expect(summary).toMatchObject({ stoppedAtMaxCost: true, counts: { succeeded: 3, notSubmitted: 3 } });
    expect(await api.taskCount()).toBe(3);
  });

  it("run --download DIR waits and saves the output with its checksum", async () => {
    const target = join(dir, "files");
    const result = await runInProcess(["run", "doubao-seedance-2-0-fast", "--prompt", "a fox", "--download", target, "--base-url", api.baseUrls.mindvideo]);
    expect(result.code, result.stderr).toBe(0);
    const [name] = readdirSync(target);
    expect(name).toMatch(/^task_sim_\w+-0\.mp4$/);
    const taskId = name!.replace(/-0\.mp4$/, "");
    expect(result.stderr).toContain(`saved ${join(target, name!)} sha256 ${sha256(await api.servedBytes(taskId))}`);
  });

  it.for([
    ["by default, the batch switches V8 to a small heap", { given: [], want: [["--optimize-for-size"], ["--semi-space-growth-factor=1"]] }],
    ["--no-low-memory leaves V8's flags alone", { given: ["--no-low-memory"], want: [] }],
  ] as const)("%s", async ([, { given, want }]) => {
    const jobsFile = join(dir, "jobs.jsonl");
    writeFileSync(jobsFile, videoJobs(1).map((job) => JSON.stringify(job)).join("\n"));
    const result = await runInProcess(["batch", jobsFile, "--out", join(dir, "out"), "--json", "--base-url", api.baseUrls.mindvideo, ...given]);
    expect(result.code, result.stderr).toBe(0);
    expect(v8Flags.mock.calls).toEqual(want);
  });
});
