/**
 * `mindvideo batch` and `run --download` in this process against the stateful mock: bad lines,
 * --max-cost, the live line and the summary, exit codes, the low-memory switch. The crash-and-resume
 * case needs a real process to kill: test/cli/batch-cli.test.ts.
 */
import v8 from "node:v8";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { exitCode } from "../../src/cli/batch.js";
import type { BatchSummary, JobOutcome } from "../../src/node/batch/run.js";
import { FAST_TIMING, startMockBatchApi, videoJobs, type MockBatchApi } from "../helpers/batch-api.js";
import { runCliInProcess } from "../helpers/cli-in-process.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const cli = (args: string[], tty = false) => runCliInProcess(args, { apiKey: "mv_batch_command", tty });
let api: MockBatchApi;
let dir: string;
// The batch must not switch this test worker's own heap: the spy records the flags instead.
let v8Flags: { mock: { calls: unknown[][] }; mockRestore(): void };

beforeAll(async () => {
  api = await startMockBatchApi(FAST_TIMING);
});
afterAll(() => api.close());
beforeEach(async () => {
  v8Flags = vi.spyOn(v8, "setFlagsFromString").mockImplementation(() => undefined);
  dir = mkdtempSync(join(tmpdir(), "mindvideo-batch-command-"));
  await fetch(`${api.baseUrls.mindvideo}/__mock/reset`, { method: "POST" });
  Object.assign(api.counts, { create: 0, get: 0, file: 0, rateLimited: 0, total: 0 });
});
afterEach(() => {
  v8Flags.mockRestore();
  rmSync(dir, { recursive: true, force: true });
});

function jobsFile(lines: unknown[]): string {
  const path = join(dir, "jobs.jsonl");
  writeFileSync(path, lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n"));
  return path;
}

describe("mindvideo batch (in process)", () => {
  it("a malformed jobs.jsonl is reported by line before anything is sent (exit 2); --skip-invalid runs the rest", async () => {
    const good = videoJobs(2);
    const file = jobsFile([good[0], "{not json", { id: "m", model: "nope", input: {} }, good[1], good[0]]);
    const before = api.counts.total;
    const bad = await cli(["batch", file, "--out", join(dir, "out"), "--base-url", api.baseUrls.mindvideo]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/3 invalid jobs \(nothing was submitted\)/);
    expect(bad.stderr).toMatch(/line 2: not valid JSON/);
    expect(bad.stderr).toMatch(/line 3 \(m\): unknown model "nope"/);
    expect(bad.stderr).toMatch(/line 5 \(job-1\): duplicate job id "job-1" \(first on line 1\)/);
    expect(api.counts.total).toBe(before);
    const skipped = await cli(["batch", file, "--out", join(dir, "out"), "--skip-invalid", "--base-url", api.baseUrls.mindvideo]);
    expect(skipped.stderr).toMatch(/skipped line 2/);
    expect(await api.taskCount()).toBe(2);
    expect(skipped.stdout).toMatch(/^succeeded\s+2$/m);
    // The skipped lines stay in the summary (table and JSON) as problems, and the exit code says the input was not all valid.
    expect(skipped.stdout).toMatch(/^jobs\s+5$/m);
    expect(skipped.stdout).toMatch(/^failed\s+3$/m);
    expect(skipped.stdout).toMatch(/^problems:\n {2}line-2: invalid \(line 2: not valid JSON.*\)\n {2}m: invalid \(line 3: unknown model "nope".*\)\n {2}job-1: invalid \(line 5: duplicate job id/m);
    const summary = JSON.parse(readFileSync(join(dir, "out", "mindvideo-batch-summary.json"), "utf8")) as BatchSummary;
    expect(summary.invalid.map((problem) => problem.line)).toEqual([2, 3, 5]);
    expect(summary.counts).toMatchObject({ total: 5, done: 5, succeeded: 2, failed: 3 });
    expect(skipped.code).toBe(2);
  });

  it("--max-cost: stops at the cap, exit 7, JSON summary", async () => {
    const file = jobsFile(videoJobs(6));
    const result = await cli(["batch", file, "--out", join(dir, "out"), "--max-cost", "0.2", "--json", "--base-url", api.baseUrls.mindvideo]);
    expect(result.code).toBe(7);
    const summary = JSON.parse(result.stdout);
    // 0.0657 each (the seeds' 720p × 5 s price): three fit under 0.2.
    expect(summary).toMatchObject({ stoppedAtMaxCost: true, counts: { succeeded: 3, notSubmitted: 3 } });
    expect(await api.taskCount()).toBe(3);
    // --json: no progress or cap notice around the JSON.
    expect(result.stderr).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "out", "mindvideo-batch-summary.json"), "utf8"))).toEqual(summary);
  });

  it("--max-cost without --json: the cap is announced on stderr and the table says why jobs were not submitted", async () => {
    const file = jobsFile(videoJobs(3));
    const result = await cli(["batch", file, "--out", join(dir, "out"), "--max-cost", "0.1", "--base-url", api.baseUrls.mindvideo]);
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/^stopping submissions: 0\.0657 spent \+ ~0\.0657 for job-2 would pass --max-cost 0\.1\n/m);
    expect(result.stdout).toMatch(/^not submitted\s+2 \(--max-cost reached\)$/m);
    // Jobs the cap held back are not problems.
    expect(result.stdout).not.toMatch(/problems:/);
  });

  it("not on a terminal: a line per finished job, then the summary table with every figure", async () => {
    const jobs = videoJobs(3);
    jobs[1]!.input.prompt = "variant 2 [fail]";
    const out = join(dir, "out");
    const result = await cli(["batch", jobsFile(jobs), "--out", out, "--concurrency", "1", "--base-url", api.baseUrls.mindvideo]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      expect.stringMatching(/^1\/3 job-1 succeeded task_sim_\w+ cost 0\.0657$/),
      expect.stringMatching(/^2\/3 job-2 failed task_sim_\w+(?: cost [\d.]+)?(?:: .+)?$/),
      expect.stringMatching(/^3\/3 job-3 succeeded task_sim_\w+ cost 0\.0657$/),
    ]);
    const summary = JSON.parse(readFileSync(join(out, "mindvideo-batch-summary.json"), "utf8")) as BatchSummary;
    const table = lines.slice(3).join("\n").trimEnd().split("\n");
    const rows: [string, string][] = [
      ["batch", summary.batchId],
      ["jobs", "3"],
      ["succeeded", "2"],
      ["failed", "1"],
      ["not submitted", "0"],
      ["estimated cost", String(summary.cost.estimated)],
      ["final cost", String(summary.cost.actual)],
      ["journal", summary.journal],
    ];
    // Keys padded to the longest ("estimated cost") plus two spaces: the values form one column.
    expect(table.slice(0, rows.length)).toEqual(rows.map(([key, value]) => `${key.padEnd("estimated cost".length)}  ${value}`));
    expect(summary.cost.estimated).toBeCloseTo(3 * 0.0657, 10);
    expect(table.slice(rows.length)).toEqual(["problems:", expect.stringMatching(/^ {2}job-2: failed \(.+\)$/)]);
  });

  it("on a terminal: one live line rewritten in place (done, ok, failed, running, cost), cleared at the end; stdout keeps only the table", async () => {
    const result = await cli(["batch", jobsFile(videoJobs(2)), "--out", join(dir, "out"), "--concurrency", "1", "--base-url", api.baseUrls.mindvideo], true);
    expect(result.code).toBe(0);
    const frames = result.stderr.split("\r\x1b[2K");
    expect(frames[0]).toBe("");
    expect(frames.slice(1)).toEqual([
      expect.stringMatching(/^1\/2 done · 1 ok · 0 failed · \d running · ETA \d+s · cost 0\.0657$/),
      // Done: no ETA.
      expect.stringMatching(/^2\/2 done · 2 ok · 0 failed · 0 running · cost 0\.1314$/),
      // The line is cleared before the table.
      "",
    ]);
    expect(result.stdout).not.toMatch(/^\d+\/\d+ /m);
    expect(result.stdout).toMatch(/^succeeded\s+2$/m);
  });

  it("run --download DIR waits and saves the output with its checksum", async () => {
    const target = join(dir, "files");
    const result = await cli(["run", "doubao-seedance-2-0-fast", "--prompt", "a fox", "--download", target, "--base-url", api.baseUrls.mindvideo]);
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
    const result = await cli(["batch", jobsFile(videoJobs(1)), "--out", join(dir, "out"), "--json", "--base-url", api.baseUrls.mindvideo, ...given]);
    expect(result.code, result.stderr).toBe(0);
    expect(v8Flags.mock.calls).toEqual(want);
  });
});

/** A summary whose jobs ended as `outcomes` (errors named as given). */
function summaryOf(outcomes: (JobOutcome | [JobOutcome, string])[], stoppedAtMaxCost = false): BatchSummary {
  const jobs = outcomes.map((o, i) => {
    const [outcome, errorName] = Array.isArray(o) ? o : [o, undefined];
    return { id: `j${i}`, model: "m", outcome, ...(errorName ? { errorName } : {}) };
  });
  const counts = { total: jobs.length, done: jobs.length, running: 0, succeeded: 0, failed: 0, notSubmitted: 0 };
  return { batchId: "b", journal: "j", counts, cost: { estimated: 0, actual: 0 }, stoppedAtMaxCost, jobs, invalid: [] };
}

// The README's exit codes: 0 success, 1 a task failed or was cancelled, 2 invalid input, 3 an API error,
// 4 network or timeout, 6 a download failed, 7 the batch stopped at --max-cost; the most serious kind decides.
const EXIT_CASES: [string, { given: BatchSummary; want: number }][] = [
  ["every job succeeded", { given: summaryOf(["succeeded", "succeeded"]), want: 0 }],
  ["no jobs", { given: summaryOf([]), want: 0 }],
  ["a task failed", { given: summaryOf(["succeeded", "failed"]), want: 1 }],
  ["a task was cancelled", { given: summaryOf(["cancelled"]), want: 1 }],
  ["an invalid line skipped", { given: summaryOf(["succeeded", "invalid"]), want: 2 }],
  ["an API error", { given: summaryOf([["error", "BadRequestError"]]), want: 3 }],
  ["a submission in doubt after a crash", { given: summaryOf(["in-doubt", "succeeded"]), want: 3 }],
  ["a refused connection", { given: summaryOf([["error", "APIConnectionError"]]), want: 4 }],
  ["a timeout", { given: summaryOf([["error", "APITimeoutError"]]), want: 4 }],
  ["a download that failed", { given: summaryOf([["error", "DownloadError"]]), want: 6 }],
  ["an expired link", { given: summaryOf([["error", "LinkExpiredError"]]), want: 6 }],
  ["stopped at --max-cost", { given: summaryOf(["succeeded", "not-submitted"], true), want: 7 }],
  ["a network error outranks a download error", { given: summaryOf([["error", "DownloadError"], ["error", "APITimeoutError"]]), want: 4 }],
  ["a download error outranks an API error", { given: summaryOf([["error", "BadRequestError"], ["error", "LinkExpiredError"]]), want: 6 }],
  ["an API error outranks a failed task", { given: summaryOf(["failed", ["error", "BadRequestError"]]), want: 3 }],
  ["a failed task outranks an invalid line", { given: summaryOf(["invalid", "failed"]), want: 1 }],
  ["an invalid line outranks the cost cap", { given: summaryOf(["invalid", "not-submitted"], true), want: 2 }],
];

describe("the batch's exit code", () => {
  it.each(EXIT_CASES)("%s", (_name, { given, want }) => {
    expect(exitCode(given)).toBe(want);
  });
});
