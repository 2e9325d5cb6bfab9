/** `mindvideo batch jobs.jsonl --out DIR`: runBatch with a progress line and a summary. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BatchInputError, readJobsFile, type JobProblem } from "../node/batch/jobs.js";
import { runBatch, type BatchCost, type BatchCounts, type BatchSummary, type JobResult } from "../node/batch/run.js";
import { useLowMemoryHeap } from "../node/low-memory.js";

export interface BatchCommandOptions {
  file: string;
  out: string;
  concurrency: number;
  maxCost: number | undefined;
  download: boolean;
  skipInvalid: boolean;
  batchId: string | undefined;
  baseUrl: string | undefined;
  json: boolean;
  /** V8 in low-memory mode for this process (src/node/low-memory.ts); `--no-low-memory` turns it off. */
  lowMemory: boolean;
}

export const BATCH_EXIT = { ok: 0, taskFailed: 1, usage: 2, api: 3, network: 4, download: 6, maxCost: 7 } as const;
export const SUMMARY_FILE = "mindvideo-batch-summary.json";

type Out = { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };

export async function batchCommand(options: BatchCommandOptions, out: Out): Promise<number> {
  if (options.lowMemory) useLowMemoryHeap();
  const { jobs, problems } = await readJobsFile(options.file);
  if (problems.length > 0 && !options.skipInvalid) throw new BatchInputError(problems);
  for (const problem of problems) out.stderr.write(`skipped line ${problem.line}: ${problem.message}\n`);
  const live = !options.json && out.stderr.isTTY === true;
  const started = Date.now();
  let lastLine = "";
  const line = (counts: BatchCounts, cost: BatchCost) => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = counts.done / Math.max(elapsed, 0.001);
    const eta = counts.done > 0 && counts.done < counts.total ? ` · ETA ${Math.ceil((counts.total - counts.done) / rate)}s` : "";
    return `${counts.done}/${counts.total} done · ${counts.succeeded} ok · ${counts.failed} failed · ${counts.running} running${eta} · cost ${cost.estimated}`;
  };
  const ran = await runBatch(jobs, {
    out: options.out,
    concurrency: options.concurrency,
    maxCost: options.maxCost,
    download: options.download,
    batchId: options.batchId,
    skipInvalid: true,
    clientOptions: options.baseUrl ? { baseUrls: { mindvideo: options.baseUrl, gateway: options.baseUrl } } : {},
    onEvent: (event) => {
      if (options.json) return;
      if (event.type === "cost-cap") out.stderr.write(`${live ? "\r\x1b[2K" : ""}stopping submissions: ${event.spent} spent + ~${event.predicted} for ${event.job} would pass --max-cost ${event.maxCost}\n`);
      if (event.type !== "result") return;
      if (live) {
        lastLine = line(event.counts, event.cost);
        out.stderr.write(`\r\x1b[2K${lastLine}`);
      } else {
        const r = event.result;
        out.stdout.write(`${event.counts.done}/${event.counts.total} ${r.id} ${r.outcome}${r.taskId ? ` ${r.taskId}` : ""}${r.cost === undefined ? "" : ` cost ${r.cost}`}${r.error ? `: ${r.error}` : ""}\n`);
      }
    },
  });
  const summary = withSkippedLines(ran, problems);
  if (live && lastLine) out.stderr.write("\r\x1b[2K");
  await writeFile(join(options.out, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  if (options.json) out.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else out.stdout.write(`${summaryTable(summary)}\n`);
  return exitCode(summary);
}

/** Lines --skip-invalid left out count in the summary as runBatch counts invalid jobs: done, failed, listed as problems. */
function withSkippedLines(summary: BatchSummary, skipped: readonly JobProblem[]): BatchSummary {
  if (skipped.length === 0) return summary;
  const counts = { ...summary.counts, total: summary.counts.total + skipped.length, done: summary.counts.done + skipped.length, failed: summary.counts.failed + skipped.length };
  const invalid: JobResult[] = skipped.map((p) => ({ id: p.id ?? `line-${p.line}`, model: "", outcome: "invalid", error: `line ${p.line}: ${p.message}` }));
  return { ...summary, counts, jobs: [...invalid, ...summary.jobs], invalid: [...skipped, ...summary.invalid] };
}

function summaryTable(s: BatchSummary): string {
  const rows: [string, string][] = [
    ["batch", s.batchId],
    ["jobs", String(s.counts.total)],
    ["succeeded", String(s.counts.succeeded)],
    ["failed", String(s.counts.failed)],
    ["not submitted", String(s.counts.notSubmitted) + (s.stoppedAtMaxCost ? " (--max-cost reached)" : "")],
    ["estimated cost", String(s.cost.estimated)],
    ["final cost", String(s.cost.actual)],
    ["journal", s.journal],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const failures = s.jobs.filter((j) => j.outcome !== "succeeded" && j.outcome !== "not-submitted").map((j) => `  ${j.id}: ${j.outcome}${j.error ? ` (${j.error})` : ""}`);
  return [...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`), ...(failures.length ? ["problems:", ...failures] : [])].join("\n");
}

/** Like `run`: the most serious kind of failure among the jobs decides. */
export function exitCode(s: BatchSummary): number {
  const errors = s.jobs.filter((j) => j.outcome === "error");
  if (errors.some((j) => j.errorName === "APIConnectionError" || j.errorName === "APITimeoutError")) return BATCH_EXIT.network;
  if (errors.some((j) => j.errorName === "DownloadError" || j.errorName === "LinkExpiredError")) return BATCH_EXIT.download;
  if (errors.length > 0 || s.jobs.some((j) => j.outcome === "in-doubt")) return BATCH_EXIT.api;
  if (s.jobs.some((j) => j.outcome === "failed" || j.outcome === "cancelled")) return BATCH_EXIT.taskFailed;
  if (s.jobs.some((j) => j.outcome === "invalid")) return BATCH_EXIT.usage;
  if (s.stoppedAtMaxCost) return BATCH_EXIT.maxCost;
  return BATCH_EXIT.ok;
}
