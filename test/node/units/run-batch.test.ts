/**
 * runBatch in-process against scripted GenerationClients (the `clients` option), a temp directory
 * and the rate gate on a virtual clock: which calls go out, what the journal records, how outcomes,
 * counts, costs and events come out, and what a rerun does.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APIConnectionError, APIUserAbortError, BadRequestError, InternalServerError, RateLimitError } from "../../../src/errors.js";
import type { GenerationClient, GenerationTask } from "../../../src/generations.js";
import { BatchInputError, JOURNAL_FILE, runBatch, type BatchEvent, type BatchJob, type BatchOptions } from "../../../src/node/batch/index.js";
import { batchIdFor, jobIdempotencyKey, payloadHash } from "../../../src/node/batch/keys.js";
import { patternBytes, startFileServer } from "../../helpers/file-server.js";

const MV = "doubao-seedance-2-0-fast";
const GW = "doubao-seedance-1.0-pro-fast";
const mvJob = (id: string, prompt = id): BatchJob => ({ id, model: MV, input: { prompt } }) as BatchJob;
const gwJob = (id: string, prompt = id): BatchJob => ({ id, model: GW, input: { prompt } }) as BatchJob;

type Step = Partial<GenerationTask> | Error | ((call: number) => Partial<GenerationTask> | Error | Promise<Partial<GenerationTask> | Error>);
interface Scripted extends GenerationClient {
  submits: { model: string; input: unknown; options: Record<string, unknown> }[];
  waits: { id: string; options: Record<string, unknown> }[];
}

let counter = 0;
/** A client whose submit answers a queued task with a fresh id (or the script), and whose wait answers succeeded with one video (or the script). */
function scripted(provider: "mindvideo" | "gateway", script: { submit?: Step[]; wait?: Step[] } = {}): Scripted {
  const model = provider === "mindvideo" ? MV : GW;
  const make = (overrides: Partial<GenerationTask>): GenerationTask => ({ provider, id: `t${++counter}`, model, status: "queued", outputs: [], raw: {}, ...overrides });
  const answer = async (steps: Step[] | undefined, index: number, fallback: Partial<GenerationTask>): Promise<GenerationTask> => {
    const step = steps?.[Math.min(index, steps.length - 1)] ?? fallback;
    const outcome = typeof step === "function" ? await step(index) : step;
    if (outcome instanceof Error) throw outcome;
    return make({ ...fallback, ...outcome });
  };
  const client: Scripted = {
    provider,
    submits: [],
    waits: [],
    async submit(request, options = {}) {
      client.submits.push({ model: request.model, input: request.input, options: { ...options } });
      return answer(script.submit, client.submits.length - 1, {});
    },
    async get() {
      throw new Error("not used");
    },
    async wait(id, options = {}) {
      client.waits.push({ id, options: { ...options } });
      return answer(script.wait, client.waits.length - 1, { id, status: "succeeded", outputs: [{ kind: "video", url: `https://cdn.test/${id}.mp4` }] });
    },
    async run() {
      throw new Error("not used");
    },
  };
  return client;
}

/** The rate gate on a virtual clock: sleeping advances it, and every pause is recorded. */
function virtualGate() {
  let now = 1_000_000;
  const pauses: number[] = [];
  return { pauses, options: { now: () => now, sleep: async (ms: number) => void (pauses.push(ms), (now += ms)) } };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mindvideo-run-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const journalLines = () =>
  readFileSync(join(dir, JOURNAL_FILE), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const run = (jobs: BatchJob[], clients: Partial<Record<"mindvideo" | "gateway", GenerationClient>>, options: Partial<BatchOptions> = {}) =>
  runBatch(jobs, { out: dir, clients, rateGate: virtualGate().options, ...options });

/**
 * A scripted MindVideo provider whose waits are held until the test releases them, with the most held
 * at once. The test moves on when a condition holds, checked once per turn of the event loop; scripted
 * answers resolve in microtasks, so one more turn lets every job that could start reach its wait. No
 * timer decides what the test sees.
 */
function heldJobs() {
  const held: { index: number; release: () => void }[] = [];
  let inFlight = 0;
  let most = 0;
  let arrivals = 0;
  const provider = scripted("mindvideo", {
    wait: [
      async () => {
        const index = arrivals++;
        most = Math.max(most, ++inFlight);
        await new Promise<void>((resolve) => held.push({ index, release: resolve }));
        inFlight--;
        return { status: "succeeded" };
      },
    ],
  });
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  /** Resolves once `ready()` holds, then after one more event-loop turn. Bounded by the test's timeout. */
  const until = async (ready: () => boolean) => {
    while (!ready()) await turn();
    await turn();
  };
  const heldAtLeast = (count: number) => until(() => held.length >= count);
  return {
    provider,
    most: () => most,
    until: (ready: () => boolean) => until(ready),
    heldAtLeast,
    /** Releases the held wait of the `index`-th job to arrive. */
    release: (index: number) => {
      const at = held.findIndex((h) => h.index === index);
      held.splice(at, 1)[0]!.release();
    },
    /** Waits for as many jobs as `limit` lets run (or all that are left), releases them, and again until `total` ran. */
    releaseInRounds: async (total: number, limit: number) => {
      for (let released = 0; released < total; ) {
        await heldAtLeast(Math.min(limit, total - released));
        const round = held.splice(0);
        released += round.length;
        round.forEach((h) => h.release());
      }
    },
  };
}

describe("runBatch with scripted clients", () => {
  it("submits each MindVideo job once with its derived key, waits for it, and journals each step in order", async () => {
    const mindvideo = scripted("mindvideo", { submit: [{ cost: { estimate: 0.25, unit: "money" } }], wait: [{ status: "succeeded", cost: { actual: 0.2, unit: "money" }, outputs: [], expiresAt: "2030-01-01T00:00:00Z" }] });
    const jobs = [mvJob("a"), mvJob("b")];
    const events: BatchEvent[] = [];
    const summary = await run(jobs, { mindvideo }, { onEvent: (e) => events.push(e), concurrency: 1 });
    const batchId = batchIdFor(jobs);
    expect(summary.batchId).toBe(batchId);
    expect(summary.journal).toBe(join(dir, JOURNAL_FILE));
    expect(mindvideo.submits.map((s) => s.options.idempotencyKey)).toEqual(jobs.map((j) => jobIdempotencyKey(batchId, j.id, payloadHash(j.model, j.input))));
    expect(mindvideo.submits.map((s) => [s.model, s.input])).toEqual(jobs.map((j) => [j.model, j.input]));
    expect(mindvideo.waits).toHaveLength(2);
    expect(summary.counts).toEqual({ total: 2, done: 2, running: 0, succeeded: 2, failed: 0, notSubmitted: 0 });
    expect(summary.cost).toEqual({ estimated: 0.5, actual: 0.4 });
    expect(summary.stoppedAtMaxCost).toBe(false);
    expect(summary.invalid).toEqual([]);
    expect(summary.jobs).toEqual([
      { id: "a", model: MV, outcome: "succeeded", taskId: mindvideo.waits[0]!.id, estimate: 0.25, cost: 0.2 },
      { id: "b", model: MV, outcome: "succeeded", taskId: mindvideo.waits[1]!.id, estimate: 0.25, cost: 0.2 },
    ]);
    const lines = journalLines();
    expect(lines[0]).toMatchObject({ type: "batch", version: 1, batchId });
    expect(lines.slice(1).map((l) => [l.type, l.job])).toEqual([
      ["submitted", "a"],
      ["finished", "a"],
      ["submitted", "b"],
      ["finished", "b"],
    ]);
    expect(lines[1]).toEqual({ type: "submitted", job: "a", key: mindvideo.submits[0]!.options.idempotencyKey, provider: "mindvideo", taskId: mindvideo.waits[0]!.id, estimate: 0.25 });
    expect(lines[2]).toEqual({ type: "finished", job: "a", taskId: mindvideo.waits[0]!.id, status: "succeeded", outputs: [], cost: 0.2, expiresAt: "2030-01-01T00:00:00Z" });
    expect(events.map((e) => e.type)).toEqual(["submitted", "finished", "result", "submitted", "finished", "result"]);
    expect(events[0]).toEqual({ type: "submitted", job: "a", taskId: mindvideo.waits[0]!.id, estimate: 0.25 });
    expect(events[1]).toEqual({ type: "finished", job: "a", taskId: mindvideo.waits[0]!.id, status: "succeeded" });
    expect(events[2]).toMatchObject({ type: "result", counts: { total: 2, done: 1, running: 0, succeeded: 1, failed: 0, notSubmitted: 0 }, cost: { estimated: 0.25, actual: 0.2 } });
    expect(events[5]).toMatchObject({ type: "result", counts: { done: 2, succeeded: 2 }, cost: { estimated: 0.5, actual: 0.4 } });
  });

  it("a second run of the same jobs submits and waits for nothing and reports the journaled results and costs", async () => {
    const jobs = [mvJob("a"), mvJob("b")];
    await run(jobs, { mindvideo: scripted("mindvideo", { submit: [{ cost: { estimate: 0.1, unit: "money" } }], wait: [{ status: "succeeded", cost: { actual: 0.3, unit: "money" } }] }) });
    const again = scripted("mindvideo");
    const summary = await run(jobs, { mindvideo: again });
    expect(again.submits).toEqual([]);
    expect(again.waits).toEqual([]);
    expect(summary.counts).toMatchObject({ done: 2, succeeded: 2 });
    expect(summary.cost).toEqual({ estimated: 0.2, actual: 0.6 });
    expect(summary.jobs.map((j) => [j.outcome, j.estimate, j.cost])).toEqual([
      ["succeeded", 0.1, 0.3],
      ["succeeded", 0.1, 0.3],
    ]);
  });

  it("a gateway job sends no key, is journaled as submitting before its create, and a rerun after a crash there is in doubt", async () => {
    let linesAtCreate: Record<string, unknown>[] = [];
    const gateway = scripted("gateway", {
      submit: [
        () => {
          linesAtCreate = journalLines();
          return {};
        },
      ],
    });
    const jobs = [gwJob("g1")];
    const summary = await run(jobs, { gateway });
    expect(gateway.submits[0]!.options).not.toHaveProperty("idempotencyKey");
    const key = jobIdempotencyKey(summary.batchId, "g1", payloadHash(GW, jobs[0]!.input));
    expect(linesAtCreate.slice(1)).toEqual([{ type: "submitting", job: "g1", key }]);
    expect(summary.jobs[0]).toMatchObject({ outcome: "succeeded" });

    // A journal that holds only the "submitting" record: the process died during the create.
    rmSync(join(dir, JOURNAL_FILE));
    writeFileSync(join(dir, JOURNAL_FILE), `${JSON.stringify({ type: "batch", version: 1, batchId: summary.batchId, createdAt: "x" })}\n${JSON.stringify({ type: "submitting", job: "g1", key })}\n`);
    const after = scripted("gateway");
    const rerun = await run(jobs, { gateway: after });
    expect(after.submits).toEqual([]);
    expect(rerun.jobs[0]).toMatchObject({ id: "g1", outcome: "in-doubt", error: expect.stringContaining("gateway has no idempotency") });
    expect(rerun.counts).toMatchObject({ done: 1, succeeded: 0, failed: 1, notSubmitted: 0 });
  });

  it("a job whose payload changed since its submission is refused before anything is sent; the journal stays", async () => {
    await run([mvJob("a", "first")], { mindvideo: scripted("mindvideo") }, { batchId: "fixed" });
    const before = readFileSync(join(dir, JOURNAL_FILE), "utf8");
    const again = scripted("mindvideo");
    const error = await run([mvJob("x"), mvJob("a", "second")], { mindvideo: again }, { batchId: "fixed" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchInputError);
    expect((error as BatchInputError).problems).toEqual([{ line: 2, id: "a", message: expect.stringMatching(/^job a changed since it was submitted in this batch \(journal .*\); give the changed job a new id$/) }]);
    expect(again.submits).toEqual([]);
    expect(readFileSync(join(dir, JOURNAL_FILE), "utf8")).toBe(before);
    // The lock was released: the unchanged job runs.
    await expect(run([mvJob("a", "first")], { mindvideo: again }, { batchId: "fixed" })).resolves.toMatchObject({ counts: { succeeded: 1 } });
  });

  it.each([
    ["an in-doubt gateway job (submitting only)", { type: "submitting" }],
    ["a gateway job with a submitted record", { type: "submitted", provider: "gateway", taskId: "t-old" }],
  ])("a changed job is refused whatever its record: %s", async (_name, record) => {
    writeFileSync(join(dir, JOURNAL_FILE), `${JSON.stringify({ type: "batch", version: 1, batchId: "fixed", createdAt: "x" })}\n${JSON.stringify({ ...record, job: "g", key: "mvb_other" })}\n`);
    await expect(run([gwJob("g")], { gateway: scripted("gateway") }, { batchId: "fixed" })).rejects.toBeInstanceOf(BatchInputError);
  });

  it.each([
    ["failed with an error", { status: "failed", error: { message: "content policy" } }, { outcome: "failed", error: "content policy" }],
    ["cancelled", { status: "cancelled" }, { outcome: "cancelled" }],
  ] as const)("a task that ends %s is counted as failed and says why", async (_name, ending, want) => {
    const summary = await run([mvJob("a")], { mindvideo: scripted("mindvideo", { wait: [ending] }) }, { download: true });
    expect(summary.jobs[0]).toEqual({ id: "a", model: MV, taskId: expect.any(String), estimate: undefined, ...want, error: "error" in want ? want.error : undefined });
    expect(summary.counts).toMatchObject({ succeeded: 0, failed: 1 });
    expect(journalLines()[2]).toMatchObject({ type: "finished", status: ending.status, ...("error" in want ? { error: want.error } : {}) });
    expect(journalLines()[2]).not.toHaveProperty("cost");
  });

  it("a create answer that is already final needs no wait", async () => {
    const mindvideo = scripted("mindvideo", { submit: [{ status: "succeeded", outputs: [] }, { status: "failed", error: { message: "no" } }, { status: "cancelled" }, { status: "processing" }] });
    const summary = await run([mvJob("a"), mvJob("b"), mvJob("c"), mvJob("d")], { mindvideo }, { concurrency: 1 });
    expect(summary.jobs.map((j) => j.outcome)).toEqual(["succeeded", "failed", "cancelled", "succeeded"]);
    expect(mindvideo.waits.map((w) => w.id)).toEqual([summary.jobs[3]!.taskId]);
  });

  it("passes the wait options and the signal to wait, and the signal to submit", async () => {
    const mindvideo = scripted("mindvideo");
    const controller = new AbortController();
    await run([mvJob("a")], { mindvideo }, { wait: { pollIntervalMs: 7 }, signal: controller.signal });
    expect(mindvideo.waits[0]!.options).toEqual({ pollIntervalMs: 7, signal: controller.signal });
    expect(mindvideo.submits[0]!.options).toEqual({ idempotencyKey: expect.stringMatching(/^mvb_/), signal: controller.signal });
  });
});

describe("runBatch retries", () => {
  const transient = (name: string) =>
    name === "429" ? new RateLimitError({ message: "slow down", status: 429, headers: { "retry-after": "3" } }) : name === "500" ? new InternalServerError({ message: "oops", status: 500 }) : new APIConnectionError({ message: "reset" });

  it.each(["429", "500", "network"])("a transient error (%s) on submit and on wait is retried under the same key", async (kind) => {
    const mindvideo = scripted("mindvideo", { submit: [transient(kind), {}], wait: [transient(kind), {}] });
    const gate = virtualGate();
    const summary = await run([mvJob("a")], { mindvideo }, { rateGate: gate.options });
    expect(summary.jobs[0]!.outcome).toBe("succeeded");
    expect(mindvideo.submits).toHaveLength(2);
    expect(new Set(mindvideo.submits.map((s) => s.options.idempotencyKey)).size).toBe(1);
    expect(mindvideo.waits).toHaveLength(2);
    // A 429 pauses the shared gate for its Retry-After before the next attempt; other errors do not pause it.
    expect(gate.pauses).toEqual(kind === "429" ? [3000, 3000] : []);
  });

  it("gives up after maxAttempts, with the error's name and message, and the task id once submitted", async () => {
    const mindvideo = scripted("mindvideo", { wait: [new InternalServerError({ message: "still down", status: 503 })] });
    const summary = await run([mvJob("a")], { mindvideo }, { maxAttempts: 3 });
    expect(mindvideo.submits).toHaveLength(1);
    expect(mindvideo.waits).toHaveLength(3);
    expect(summary.jobs[0]).toEqual({ id: "a", model: MV, taskId: mindvideo.waits[0]!.id, outcome: "error", error: "still down", errorName: "InternalServerError" });
    expect(summary.counts).toMatchObject({ failed: 1, succeeded: 0 });
  });

  it("the default is 8 attempts; a submit that never succeeds leaves no task id", async () => {
    const mindvideo = scripted("mindvideo", { submit: [new APIConnectionError({ message: "refused" })] });
    const summary = await run([mvJob("a")], { mindvideo });
    expect(mindvideo.submits).toHaveLength(8);
    expect(summary.jobs[0]).toEqual({ id: "a", model: MV, outcome: "error", error: "refused", errorName: "APIConnectionError" });
  });

  it.each([
    ["a 400", new BadRequestError({ message: "bad", status: 400 })],
    ["a user abort", new APIUserAbortError({ message: "aborted" })],
    ["a plain error", new TypeError("boom")],
  ])("%s is not retried", async (_name, error) => {
    const mindvideo = scripted("mindvideo", { submit: [error, {}] });
    const summary = await run([mvJob("a")], { mindvideo }, { maxAttempts: 5 });
    expect(mindvideo.submits).toHaveLength(1);
    expect(summary.jobs[0]).toMatchObject({ outcome: "error", error: error.message, errorName: error.name });
  });

  it("maxAttempts below 1 still makes one attempt", async () => {
    const mindvideo = scripted("mindvideo", { submit: [new APIConnectionError({ message: "refused" }), {}] });
    const summary = await run([mvJob("a")], { mindvideo }, { maxAttempts: 0 });
    expect(mindvideo.submits).toHaveLength(1);
    expect(summary.jobs[0]!.outcome).toBe("error");
  });

  it("an aborted batch throws instead of reporting, and retries nothing after the abort", async () => {
    const controller = new AbortController();
    const mindvideo = scripted("mindvideo", {
      submit: [
        () => {
          controller.abort(new Error("stop"));
          return new APIConnectionError({ message: "reset" });
        },
      ],
    });
    await expect(run([mvJob("a")], { mindvideo }, { signal: controller.signal })).rejects.toThrow("reset");
    expect(mindvideo.submits).toHaveLength(1);
  });
});

describe("runBatch workers", () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 3],
    [2.9, 2],
    [0, 1],
    [-4, 1],
  ])("concurrency %d runs at most %d jobs at once", async (concurrency, want) => {
    const jobs = heldJobs();
    const done = run(["a", "b", "c", "d", "e"].map((id) => mvJob(id)), { mindvideo: jobs.provider }, { concurrency });
    await jobs.releaseInRounds(5, want);
    const summary = await done;
    expect(jobs.most()).toBe(want);
    expect(summary.counts).toMatchObject({ done: 5, succeeded: 5, running: 0 });
  });

  it("the default concurrency is 4", async () => {
    const jobs = heldJobs();
    const done = run(Array.from({ length: 9 }, (_, i) => mvJob(`j${i}`)), { mindvideo: jobs.provider });
    await jobs.releaseInRounds(9, 4);
    await done;
    expect(jobs.most()).toBe(4);
  });

  it("results keep the input order however jobs finish, and running counts the jobs in flight", async () => {
    const running: number[] = [];
    const jobs = heldJobs();
    const done = run([mvJob("a"), mvJob("b"), mvJob("c")], { mindvideo: jobs.provider }, { concurrency: 3, onEvent: (e) => e.type === "result" && running.push(e.counts.running) });
    await jobs.heldAtLeast(3);
    // Finish them last first: c, then b, then a, each after the previous result is in.
    for (const [index, results] of [[2, 1], [1, 2], [0, 3]] as const) {
      jobs.release(index);
      await jobs.until(() => running.length === results);
    }
    const summary = await done;
    expect(summary.jobs.map((j) => j.id)).toEqual(["a", "b", "c"]);
    expect(running).toEqual([2, 1, 0]);
  });

  it("an empty batch opens and closes its journal", async () => {
    const summary = await run([], {});
    expect(summary.counts).toEqual({ total: 0, done: 0, running: 0, succeeded: 0, failed: 0, notSubmitted: 0 });
    expect(journalLines()).toHaveLength(1);
  });
});

describe("runBatch invalid jobs", () => {
  const bad = [mvJob("ok"), { id: "bad id!", model: MV, input: {} }, { model: MV, input: {} }] as BatchJob[];

  it("are all reported before anything is submitted", async () => {
    const mindvideo = scripted("mindvideo");
    const error = await run(bad, { mindvideo }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchInputError);
    expect((error as BatchInputError).problems.map((p) => p.line)).toEqual([2, 3]);
    expect(mindvideo.submits).toEqual([]);
  });

  it("with skipInvalid, run the valid ones and are results of their own, named by id or line", async () => {
    const mindvideo = scripted("mindvideo");
    const summary = await run(bad, { mindvideo }, { skipInvalid: true });
    expect(mindvideo.submits).toHaveLength(1);
    expect(summary.counts).toEqual({ total: 3, done: 3, running: 0, succeeded: 1, failed: 2, notSubmitted: 0 });
    expect(summary.invalid.map((p) => p.line)).toEqual([2, 3]);
    // Invalid jobs are reported first, by line (an id that failed the check is not used as a name).
    expect(summary.jobs.map((j) => [j.id, j.outcome, j.model])).toEqual([
      ["line-2", "invalid", ""],
      ["line-3", "invalid", ""],
      ["ok", "succeeded", MV],
    ]);
    expect(summary.jobs.slice(0, 2).map((j) => j.error)).toEqual(summary.invalid.map((p) => p.message));
  });
});

describe("runBatch cost cap", () => {
  const estimating = (estimates: number[]) => scripted("mindvideo", { submit: [(i) => ({ cost: { estimate: estimates[Math.min(i, estimates.length - 1)]!, unit: "money" } })] });

  it.each([
    ["stops before the sum of estimates would pass the cap (the first estimate predicts the rest)", { estimates: [0.3], maxCost: 1, want: 3 }],
    ["a cap met exactly is not passed", { estimates: [0.25], maxCost: 1, want: 4 }],
    ["sub-cent float sums do not stop one early", { estimates: [0.1], maxCost: 0.3, want: 3 }],
    ["the highest estimate seen so far is the prediction", { estimates: [0.1, 0.5, 0.1], maxCost: 1, want: 2 }],
    ["a zero cap submits the first (nothing known yet) and stops after", { estimates: [0.2], maxCost: 0, want: 1 }],
  ])("%s", async (_name, { estimates, maxCost, want }) => {
    const mindvideo = estimating(estimates);
    const events: BatchEvent[] = [];
    const summary = await run(["a", "b", "c", "d", "e", "f"].map((id) => mvJob(id)), { mindvideo }, { maxCost, concurrency: 3, onEvent: (e) => events.push(e) });
    expect(mindvideo.submits).toHaveLength(want);
    expect(summary.stoppedAtMaxCost).toBe(true);
    expect(summary.counts).toMatchObject({ succeeded: want, notSubmitted: 6 - want, failed: 0 });
    expect(summary.jobs.filter((j) => j.outcome === "not-submitted").map((j) => j.error)).toEqual(Array(6 - want).fill(`not submitted: --max-cost ${maxCost} reached`));
    expect(events.filter((e) => e.type === "cost-cap")).toHaveLength(1);
  });

  it("the cap event names the job, what was spent (rounded), the prediction and the cap", async () => {
    const events: BatchEvent[] = [];
    await run(["a", "b", "c"].map((id) => mvJob(id)), { mindvideo: estimating([0.1]) }, { maxCost: 0.25, concurrency: 1, onEvent: (e) => events.push(e) });
    expect(events.find((e) => e.type === "cost-cap")).toEqual({ type: "cost-cap", job: "c", spent: 0.2, predicted: 0.1, maxCost: 0.25 });
  });

  it("estimateCost predicts before the first submission", async () => {
    const mindvideo = estimating([0.1]);
    const seen: string[] = [];
    const summary = await run(["a", "b"].map((id) => mvJob(id)), { mindvideo }, { maxCost: 1, estimateCost: (job) => (seen.push(job.id), 2) });
    expect(mindvideo.submits).toEqual([]);
    expect(seen).toEqual(["a"]);
    expect(summary.counts.notSubmitted).toBe(2);
  });

  it("estimateCost returning undefined falls back to the highest estimate seen", async () => {
    const mindvideo = estimating([0.6]);
    const summary = await run(["a", "b"].map((id) => mvJob(id)), { mindvideo }, { maxCost: 1, estimateCost: () => undefined, concurrency: 1 });
    expect(mindvideo.submits).toHaveLength(1);
    expect(summary.counts.notSubmitted).toBe(1);
  });

  it("a rerun counts what the journal already spent, and predicts from the journal's highest estimate for the model", async () => {
    const jobs = ["a", "b", "c", "d"].map((id) => mvJob(id));
    await run(jobs.slice(0, 2), { mindvideo: estimating([0.2, 0.4]) }, { batchId: "b1", concurrency: 1 });
    const mindvideo = estimating([0.1]);
    // Spent 0.6; the journal's highest estimate (0.4) predicts: 0.6 + 0.4 = 1.0 fits, then 1.0 + 0.4 does not.
    const summary = await run(jobs, { mindvideo }, { batchId: "b1", maxCost: 1, concurrency: 1 });
    expect(mindvideo.submits).toHaveLength(1);
    expect(summary.jobs.map((j) => j.outcome)).toEqual(["succeeded", "succeeded", "succeeded", "not-submitted"]);
    expect(summary.cost.estimated).toBe(0.7);
  });

  it("without a cap nothing stops, whatever the estimates", async () => {
    const summary = await run(["a", "b", "c"].map((id) => mvJob(id)), { mindvideo: estimating([1e9]) });
    expect(summary.stoppedAtMaxCost).toBe(false);
    expect(summary.counts.succeeded).toBe(3);
  });
});

describe("runBatch downloads", () => {
  it("saves each succeeded job's outputs as <job id>-<n>.<ext>, journals and reports them; links on the client's base URL are trusted", async () => {
    const server = await startFileServer();
    try {
      const bytes = patternBytes(1000, 3);
      server.files.set("/v.mp4", { bytes, type: "video/mp4" });
      const mindvideo = scripted("mindvideo", { wait: [{ status: "succeeded", outputs: [{ kind: "video", url: `${server.url}/v.mp4` }] }] });
      const events: BatchEvent[] = [];
      const summary = await run([mvJob("a")], { mindvideo }, { download: true, clientOptions: { baseUrls: { mindvideo: server.url } }, onEvent: (e) => events.push(e) });
      const file = { path: join(dir, "a-0.mp4"), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: 1000 };
      expect(summary.jobs[0]).toMatchObject({ outcome: "succeeded", files: [file] });
      expect(readFileSync(join(dir, "a-0.mp4"))).toEqual(Buffer.from(bytes));
      expect(journalLines().at(-1)).toEqual({ type: "downloaded", job: "a", files: [file] });
      expect(events.find((e) => e.type === "downloaded")).toMatchObject({ job: "a", files: [{ ...file, url: `${server.url}/v.mp4`, skipped: false }] });
      // A rerun downloads nothing again and still reports the files.
      const before = server.requests.length;
      const again = await run([mvJob("a")], { mindvideo }, { download: true, clientOptions: { baseUrls: { mindvideo: server.url } } });
      expect(server.requests.length).toBe(before);
      expect(again.jobs[0]).toMatchObject({ files: [file] });
    } finally {
      await server.close();
    }
  });

  it("clientOptions.baseUrl is trusted too; without a trusted origin a loopback link is an error naming the job's task", async () => {
    const server = await startFileServer();
    try {
      server.files.set("/v.mp4", { bytes: patternBytes(10, 1), type: "video/mp4" });
      const outputs = [{ kind: "video" as const, url: `${server.url}/v.mp4` }];
      const trusted = await run([mvJob("a")], { mindvideo: scripted("mindvideo", { wait: [{ status: "succeeded", outputs }] }) }, { download: true, clientOptions: { baseUrl: server.url } });
      expect(trusted.jobs[0]!.outcome).toBe("succeeded");
      rmSync(dir, { recursive: true, force: true });
      const refused = await run([mvJob("b")], { mindvideo: scripted("mindvideo", { submit: [{ id: "t-b" }], wait: [{ status: "succeeded", id: "t-b", outputs }] }) }, { download: true });
      expect(refused.jobs[0]).toMatchObject({ outcome: "error", errorName: "DownloadError", taskId: "t-b", error: expect.stringContaining("refusing to download") });
    } finally {
      await server.close();
    }
  });

  it("without download, no file is fetched and results carry no files", async () => {
    const summary = await run([mvJob("a")], { mindvideo: scripted("mindvideo") });
    expect(summary.jobs[0]).not.toHaveProperty("files");
    expect(journalLines().map((l) => l.type)).not.toContain("downloaded");
  });
});
