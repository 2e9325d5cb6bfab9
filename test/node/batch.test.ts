/** runBatch against the stateful mock: resumes without paying twice, one pace on 429, the cost cap, bad input, bad journals. */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BatchInputError, JOURNAL_FILE, JournalError, runBatch, type BatchJob, type BatchOptions } from "../../src/node/batch/index.js";
import { FAST_TIMING, gatewayJobs, startMockBatchApi, videoJobs, type MockBatchApi } from "../helpers/batch-api.js";

let api: MockBatchApi;
let out: string;
let clock = 1_000_000;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const options = (extra: Partial<BatchOptions> = {}): BatchOptions => ({
  out,
  concurrency: 8,
  clientOptions: { apiKey: "mv_batch", baseUrls: api.baseUrls, retry: { initialDelayMs: 0, maxRetryAfterMs: 0 } },
  // The mock's tasks end in 300 ms: poll at their pace (Retry-After's whole seconds would say 1 s, so the mock sends none).
  wait: { pollIntervalMs: 50 },
  ...extra,
});

beforeAll(async () => {
  api = await startMockBatchApi(FAST_TIMING, { pollHints: false });
});
afterAll(() => api.close());
beforeEach(async () => {
  out = mkdtempSync(join(tmpdir(), "mindvideo-batch-"));
  await fetch(`${api.baseUrls.mindvideo}/__mock/reset`, { method: "POST" });
  Object.assign(api.counts, { create: 0, get: 0, file: 0, rateLimited: 0, total: 0 });
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

describe("runBatch", () => {
  it("runs every job once, downloads each output as <job id>-0.mp4 with the served bytes' SHA-256", async () => {
    const jobs = videoJobs(20) as BatchJob[];
    const summary = await runBatch(jobs, options({ download: true }));
    expect(summary.counts).toMatchObject({ total: 20, succeeded: 20, failed: 0 });
    expect(await api.taskCount()).toBe(20);
    for (const job of summary.jobs) {
      const bytes = readFileSync(join(out, `${job.id}-0.mp4`));
      expect(sha256(bytes)).toBe(sha256(await api.servedBytes(job.taskId!)));
      expect(job.files![0]!.sha256).toBe(sha256(bytes));
    }
    expect(new Set(summary.jobs.map((job) => job.files![0]!.sha256)).size).toBe(20); // every task's file is its own
    expect(summary.cost.estimated).toBeCloseTo(20 * 0.01314 * 5, 6); // the seeds' 720p price × 5 s each
  });

  it("a batch mixing MindVideo and gateway jobs: each submitted once to its provider, downloaded, checksums match; a rerun sends nothing", async () => {
    const jobs = [...videoJobs(6, "mv"), ...gatewayJobs(6, "gw")].sort((a, b) => a.id.localeCompare(b.id)) as BatchJob[];
    const summary = await runBatch(jobs, options({ download: true }));
    expect(summary.counts).toMatchObject({ total: 12, succeeded: 12, failed: 0 });
    const tasks = await api.tasks();
    expect(tasks.filter((t) => t.provider === "mindvideo")).toHaveLength(6);
    expect(tasks.filter((t) => t.provider === "gateway")).toHaveLength(6);
    expect(api.counts.create).toBe(12);
    expect(new Set(summary.jobs.map((j) => j.taskId))).toEqual(new Set(tasks.map((t) => t.id)));
    for (const job of summary.jobs) {
      const bytes = readFileSync(join(out, `${job.id}-0.mp4`));
      expect(sha256(bytes)).toBe(sha256(await api.servedBytes(job.taskId!)));
    }
    expect(new Set(summary.jobs.map((j) => j.files![0]!.sha256)).size).toBe(12);
    // The gateway has no idempotency: its jobs were journaled as "submitting" before the create call.
    const records = readFileSync(join(out, JOURNAL_FILE), "utf8").trim().split("\n").slice(1).map((line) => JSON.parse(line) as { type: string; job: string });
    expect(records.filter((r) => r.type === "submitting").map((r) => r.job).sort()).toEqual(jobs.filter((j) => j.id.startsWith("gw")).map((j) => j.id).sort());
    const before = { ...api.counts };
    const again = await runBatch(jobs, options({ download: true }));
    expect(again.counts.succeeded).toBe(12);
    expect(api.counts).toEqual(before);
  });

  it("a second run of a finished batch submits and downloads nothing", async () => {
    const jobs = videoJobs(10) as BatchJob[];
    await runBatch(jobs, options({ download: true }));
    const before = { ...api.counts };
    const again = await runBatch(jobs, options({ download: true }));
    expect(again.counts.succeeded).toBe(10);
    expect(api.counts).toEqual(before);
  });

  it("a journal that lost its submitted records (crash right after create) replays the same tasks: no second charge", async () => {
    const jobs = videoJobs(10) as BatchJob[];
    const first = await runBatch(jobs, options());
    const journal = join(out, JOURNAL_FILE);
    writeFileSync(journal, `${readFileSync(journal, "utf8").split("\n")[0]}\n`);
    const second = await runBatch(jobs, options());
    expect(api.counts.create).toBe(20);
    expect(await api.taskCount()).toBe(10);
    expect(second.jobs.map((j) => j.taskId)).toEqual(first.jobs.map((j) => j.taskId));
  });

  it("a 429 storm (the mock's rate-limited scenario) pauses every worker together: at most one 429 per worker in flight, every job done once", async () => {
    const jobs = videoJobs(24) as BatchJob[];
    await api.setScenario("rate-limited");
    let slept = 0;
    // The storm lasts 6 s of the gate's virtual time: at most three 2 s pauses (the scenario's Retry-After).
    const stormEnds = clock + 6_000;
    const sleep = async (ms: number) => {
      clock += ms;
      slept += ms;
      if (clock >= stormEnds) await api.setScenario("none");
    };
    const summary = await runBatch(jobs, options({ rateGate: { now: () => clock, sleep } }));
    expect(summary.counts.succeeded).toBe(24);
    expect(await api.taskCount()).toBe(24);
    expect(api.stack.simulator!.charges()).toHaveLength(24); // 429s created nothing; one charge per job
    expect(new Set(summary.jobs.map((j) => j.taskId)).size).toBe(24);
    // Three pauses, each hit at most by the 8 requests in flight; without the shared gate each worker would retry alone.
    expect(api.counts.rateLimited).toBeGreaterThan(0);
    expect(api.counts.rateLimited).toBeLessThanOrEqual(3 * 8);
    // Total create requests bounded too: one accepted per job plus the refused ones.
    expect(api.counts.create).toBeLessThanOrEqual(24 + 3 * 8);
    expect(slept).toBeGreaterThanOrEqual(6_000);
  });

  it("an output link that expired (the mock's expired-links scenario) is a LinkExpiredError naming the task; nothing half-written is left", async () => {
    await api.setScenario("expired-links");
    const summary = await runBatch(videoJobs(3) as BatchJob[], options({ download: true }));
    expect(summary.jobs.map((j) => j.outcome)).toEqual(["error", "error", "error"]);
    for (const job of summary.jobs) {
      expect(job.errorName).toBe("LinkExpiredError");
      expect(job.error).toMatch(new RegExp(`^Task ${job.taskId}: output link answered 410`));
    }
    expect(readdirSync(out).filter((name) => name !== JOURNAL_FILE)).toEqual([]);
    expect(await api.taskCount()).toBe(3);
  });

  it("--max-cost stops submitting before the estimates' sum would pass the cap", async () => {
    const jobs = videoJobs(20) as BatchJob[];
    const summary = await runBatch(jobs, options({ maxCost: 0.5 }));
    // 0.0657 per job (the seeds' 720p price × 5 s): 7 fit under 0.5, an 8th would make 0.5256.
    expect(await api.taskCount()).toBe(7);
    expect(summary.cost.estimated).toBeCloseTo(7 * 0.0657, 6);
    expect(summary.cost.estimated).toBeLessThanOrEqual(0.5);
    expect(summary.stoppedAtMaxCost).toBe(true);
    expect(summary.counts).toMatchObject({ succeeded: 7, notSubmitted: 13 });
  });

  it("invalid jobs are all reported before anything is submitted", async () => {
    const jobs = [
      ...videoJobs(2),
      { id: "job-1", model: "doubao-seedance-2-0-fast", input: { prompt: "again" } },
      { id: "x", model: "no-such-model", input: {} },
      { id: "y", model: "doubao-seedance-2-0-fast", input: { prompt: "p", resolution: "4k" } },
      { id: "../escape", model: "doubao-seedance-2-0-fast", input: { prompt: "p" } },
    ] as BatchJob[];
    const error = await runBatch(jobs, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchInputError);
    expect((error as BatchInputError).problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect((error as Error).message).toMatch(/line 3 \(job-1\): duplicate job id "job-1" \(first on line 1\)/);
    expect((error as Error).message).toMatch(/line 4 \(x\): unknown model "no-such-model"/);
    expect((error as Error).message).toMatch(/line 5 \(y\): invalid input for doubao-seedance-2-0-fast: .*resolution/);
    expect(api.counts.total).toBe(0);
    const skipped = await runBatch(jobs, options({ skipInvalid: true }));
    expect(skipped.counts).toMatchObject({ succeeded: 2, failed: 4 });
    expect(await api.taskCount()).toBe(2);
  });

  it("refuses a journal from another batch and leaves it untouched", async () => {
    await runBatch(videoJobs(2) as BatchJob[], options());
    const journal = join(out, JOURNAL_FILE);
    const before = readFileSync(journal, "utf8");
    await expect(runBatch(videoJobs(3) as BatchJob[], options())).rejects.toThrow(/belongs to batch batch_\w+, not batch_\w+/);
    expect(readFileSync(journal, "utf8")).toBe(before);
    expect(await api.taskCount()).toBe(2);
  });

  it("refuses a corrupted journal, and drops only a torn last line", async () => {
    const jobs = videoJobs(3) as BatchJob[];
    await runBatch(jobs, options());
    const journal = join(out, JOURNAL_FILE);
    const lines = readFileSync(journal, "utf8").split("\n");
    writeFileSync(journal, [...lines.slice(0, 2), "{garbage", ...lines.slice(2)].join("\n"));
    const error = await runBatch(jobs, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toMatch(/corrupted at line 3/);
    writeFileSync(journal, `${lines.join("\n")}{"type":"finis`);
    const resumed = await runBatch(jobs, options());
    expect(resumed.counts.succeeded).toBe(3);
    expect(readFileSync(journal, "utf8").endsWith("\n")).toBe(true);
    expect(await api.taskCount()).toBe(3);
  });

  it("refuses a journal another live batch process holds; takes over the lock of a killed one", async () => {
    const jobs = videoJobs(2) as BatchJob[];
    const lockFile = join(out, `${JOURNAL_FILE}.lock`);
    writeFileSync(lockFile, String(process.ppid));
    await expect(runBatch(jobs, options())).rejects.toThrow(new RegExp(`in use by another batch process \\(pid ${process.ppid}\\)`));
    expect(api.counts.total).toBe(0);
    const gone = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeFileSync(lockFile, String(gone));
    expect((await runBatch(jobs, options())).counts.succeeded).toBe(2);
    expect(readdirSync(out)).not.toContain(`${JOURNAL_FILE}.lock`);
  });

  it("a job whose payload changed after it was submitted is refused, not resubmitted under the old key", async () => {
    const jobs = videoJobs(2) as BatchJob[];
    await runBatch(jobs, options({ batchId: "fixed" }));
    const changed = jobs.map((j, i) => (i === 0 ? { ...j, input: { ...j.input, prompt: "changed" } } : j));
    await expect(runBatch(changed, options({ batchId: "fixed" }))).rejects.toThrow(/job job-1 changed since it was submitted/);
    expect(readdirSync(out)).toEqual([JOURNAL_FILE]);
  });
});
