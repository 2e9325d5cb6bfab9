/**
 * enqueueBatch and createGenerationWorker in this process, on a real redis-server, with scripted
 * GenerationClients (the worker's `clients` option): what is queued, which calls each queue job
 * makes (key, progress stages, resumption), and which failures BullMQ retries.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue, QueueEvents, type Job } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIConnectionError, APIError, BadRequestError, InternalServerError, RateLimitError } from "../../src/errors.js";
import type { GenerationClient, GenerationTask } from "../../src/generations.js";
import { BatchInputError, type BatchJob } from "../../src/node/batch/index.js";
import { batchIdFor, jobIdempotencyKey, payloadHash } from "../../src/node/batch/keys.js";
import { createGenerationWorker, DEFAULT_QUEUE_JOB_OPTIONS, enqueueBatch, type QueuedGeneration, type QueuedGenerationResult } from "../../src/node/bullmq.js";
import { patternBytes, startFileServer, type FileServer } from "../helpers/file-server.js";
import { startRedis, type RedisProcess } from "../helpers/redis.js";

const MV = "doubao-seedance-2-0-fast";
const GW = "doubao-seedance-1.0-pro-fast";
const mvJob = (id: string): BatchJob => ({ id, model: MV, input: { prompt: id } }) as BatchJob;
const gwJob = (id: string): BatchJob => ({ id, model: GW, input: { prompt: id } }) as BatchJob;

let redis: RedisProcess;
let files: FileServer;
const connections: Redis[] = [];
const closers: (() => Promise<unknown>)[] = [];
const connect = () => {
  const connection = new Redis({ host: redis.host, port: redis.port, maxRetriesPerRequest: null });
  connections.push(connection);
  return connection;
};

beforeAll(async () => {
  [redis, files] = await Promise.all([startRedis(), startFileServer()]);
});
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await Promise.all(connections.map((c) => c.quit().catch(() => undefined)));
  await Promise.all([redis?.stop(), files?.close()]);
});

let queues = 0;
async function newQueue() {
  const name = `q${Date.now()}-${++queues}`;
  const queue = new Queue<QueuedGeneration, QueuedGenerationResult>(name, { connection: connect() });
  const events = new QueueEvents(name, { connection: connect() });
  await events.waitUntilReady();
  closers.push(() => events.close(), () => queue.close());
  return { name, queue, events };
}

type Step = Partial<GenerationTask> | Error;
interface Scripted extends GenerationClient {
  calls: [string, ...unknown[]][];
}
function scripted(provider: "mindvideo" | "gateway", script: { submit?: Step[]; wait?: Step[] } = {}, onSubmit?: () => Promise<void>): Scripted {
  let submits = 0;
  let waits = 0;
  const pick = (steps: Step[] | undefined, i: number, fallback: Partial<GenerationTask>): GenerationTask => {
    const step = steps?.[Math.min(i, steps.length - 1)] ?? fallback;
    if (step instanceof Error) throw step;
    return { provider, id: "t1", model: provider === "mindvideo" ? MV : GW, status: "queued", outputs: [], raw: {}, ...fallback, ...step };
  };
  const client: Scripted = {
    provider,
    calls: [],
    async submit(request, options = {}) {
      const { signal, ...rest } = options;
      client.calls.push(["submit", request.model, { ...rest, signal: signal instanceof AbortSignal }]);
      await onSubmit?.();
      return pick(script.submit, submits++, {});
    },
    async wait(id, options = {}) {
      const { signal, ...rest } = options;
      client.calls.push(["wait", id, { ...rest, signal: signal instanceof AbortSignal }]);
      return pick(script.wait, waits++, { id, status: "succeeded" });
    },
    async get() {
      throw new Error("not used");
    },
    async run() {
      throw new Error("not used");
    },
  };
  return client;
}

function worker(name: string, clients: { mindvideo?: GenerationClient; gateway?: GenerationClient }, extra: Partial<Parameters<typeof createGenerationWorker>[0]> = {}) {
  const w = createGenerationWorker({ queueName: name, connection: { host: redis.host, port: redis.port, maxRetriesPerRequest: null }, clients, ...extra });
  closers.push(() => w.close());
  return w;
}

const outcome = (job: Job, events: QueueEvents) => job.waitUntilFinished(events, 5_000).then((value: QueuedGenerationResult) => ({ value }), (error: Error) => ({ error: error.message }));

describe("enqueueBatch", () => {
  it("queues each job under <batch id>.<job id> with its key and the default options; the same batch again adds nothing", async () => {
    const { queue } = await newQueue();
    const jobs = [mvJob("a"), gwJob("b")];
    const { batchId, queued } = await enqueueBatch(queue, jobs);
    expect(batchId).toBe(batchIdFor(jobs));
    expect(queued.map((j) => [j.id, j.name])).toEqual([
      [`${batchId}.a`, "generation"],
      [`${batchId}.b`, "generation"],
    ]);
    expect(queued[0]!.data).toEqual({ batchId, job: jobs[0], idempotencyKey: jobIdempotencyKey(batchId, "a", payloadHash(MV, jobs[0]!.input)) });
    expect(DEFAULT_QUEUE_JOB_OPTIONS).toEqual({ attempts: 8, backoff: { type: "exponential", delay: 1_000 }, removeOnComplete: false, removeOnFail: false });
    const stored = await queue.getJob(`${batchId}.a`);
    expect(stored!.opts).toMatchObject({ attempts: 8, backoff: { type: "exponential", delay: 1_000 } });
    await enqueueBatch(queue, jobs);
    expect(await queue.count()).toBe(2);
  });

  it("a batch id and job options of the caller's are used", async () => {
    const { queue } = await newQueue();
    const { batchId, queued } = await enqueueBatch(queue, [mvJob("a")], { batchId: "mine", jobOptions: { attempts: 2 } });
    expect(batchId).toBe("mine");
    expect(queued[0]!.id).toBe("mine.a");
    expect((await queue.getJob("mine.a"))!.opts).toMatchObject({ attempts: 2, backoff: { type: "exponential", delay: 1_000 } });
  });

  it("invalid jobs are all reported and nothing is queued", async () => {
    const { queue } = await newQueue();
    const error = await enqueueBatch(queue, [mvJob("ok"), { id: "x", model: "nope", input: {} } as never, { model: MV, input: {} } as never]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchInputError);
    expect((error as BatchInputError).problems.map((p) => p.line)).toEqual([2, 3]);
    expect(await queue.count()).toBe(0);
  });
});

describe("createGenerationWorker", () => {
  it("a MindVideo job is submitted with its key, waited for, and its result returned; progress records the task", async () => {
    const { name, queue, events } = await newQueue();
    const mindvideo = scripted("mindvideo", { wait: [{ status: "succeeded", cost: { actual: 0.5, unit: "money" } }] });
    const { queued } = await enqueueBatch(queue, [mvJob("a")], { batchId: "b" });
    worker(name, { mindvideo }, { wait: { pollIntervalMs: 3 } });
    expect(await outcome(queued[0]!, events)).toEqual({ value: { jobId: "a", taskId: "t1", status: "succeeded", cost: 0.5 } });
    expect(mindvideo.calls).toEqual([
      ["submit", MV, { idempotencyKey: queued[0]!.data.idempotencyKey, signal: true }],
      ["wait", "t1", { pollIntervalMs: 3, signal: true }],
    ]);
    expect((await queue.getJob("b.a"))!.progress).toEqual({ stage: "submitted", taskId: "t1" });
  });

  it("a gateway job records `submitting` before its create and sends no key", async () => {
    const { name, queue, events } = await newQueue();
    let progressAtSubmit: unknown;
    const gateway = scripted("gateway", {}, async () => {
      progressAtSubmit = (await queue.getJob("b.g"))!.progress;
    });
    const { queued } = await enqueueBatch(queue, [gwJob("g")], { batchId: "b" });
    worker(name, { gateway });
    expect(await outcome(queued[0]!, events)).toEqual({ value: { jobId: "g", taskId: "t1", status: "succeeded" } });
    expect(progressAtSubmit).toEqual({ stage: "submitting" });
    expect(gateway.calls[0]).toEqual(["submit", GW, { signal: true }]);
  });

  it("a gateway job that a dead worker left in `submitting` fails for good without a second create", async () => {
    const { name, queue, events } = await newQueue();
    const { queued } = await enqueueBatch(queue, [gwJob("g")], { batchId: "b" });
    await queued[0]!.updateProgress({ stage: "submitting" });
    const gateway = scripted("gateway");
    worker(name, { gateway });
    expect(await outcome(queued[0]!, events)).toEqual({ error: "job g: a gateway submission was started by a worker that died before recording its task; check the gateway's tasks, then enqueue it again under a new job id if it was not created" });
    expect(gateway.calls).toEqual([]);
    expect((await queue.getJob("b.g"))!.attemptsMade).toBe(1);
  });

  it("a MindVideo job left in `submitting` is submitted again (same key, no charge)", async () => {
    const { name, queue, events } = await newQueue();
    const { queued } = await enqueueBatch(queue, [mvJob("a")], { batchId: "b" });
    await queued[0]!.updateProgress({ stage: "submitting" });
    const mindvideo = scripted("mindvideo");
    worker(name, { mindvideo });
    expect(await outcome(queued[0]!, events)).toMatchObject({ value: { taskId: "t1" } });
    expect(mindvideo.calls.map((c) => c[0])).toEqual(["submit", "wait"]);
  });

  it.each([
    ["submitted with a task id: resumes the wait without a create", { stage: "submitted", taskId: "t-old" }, ["wait"]],
    ["submitted without a task id: submits again", { stage: "submitted" }, ["submit", "wait"]],
    ["a numeric progress: submits", 40, ["submit", "wait"]],
  ] as const)("a job %s", async (_name, progress, want) => {
    const { name, queue, events } = await newQueue();
    const { queued } = await enqueueBatch(queue, [mvJob("a")], { batchId: "b" });
    await queued[0]!.updateProgress(progress as never);
    const mindvideo = scripted("mindvideo");
    worker(name, { mindvideo });
    const result = await outcome(queued[0]!, events);
    expect(mindvideo.calls.map((c) => c[0])).toEqual(want);
    if (want.length === 1) expect(mindvideo.calls[0]![1]).toBe("t-old");
    expect(result).toMatchObject({ value: { status: "succeeded" } });
  });

  it.each([
    ["succeeded", { status: "succeeded" }, []],
    ["queued", { status: "queued" }, ["wait"]],
    ["processing", { status: "processing" }, ["wait"]],
  ] as const)("a create answer that is %s is waited for only while it runs", async (_name, answer, waits) => {
    const { name, queue, events } = await newQueue();
    const mindvideo = scripted("mindvideo", { submit: [answer] });
    const { queued } = await enqueueBatch(queue, [mvJob("a")]);
    worker(name, { mindvideo });
    await outcome(queued[0]!, events);
    expect(mindvideo.calls.filter((c) => c[0] === "wait").map((c) => c[0])).toEqual(waits);
  });

  it.each([
    ["failed with a message", { status: "failed", error: { message: "policy" } }, "task t1 failed: policy"],
    ["cancelled", { status: "cancelled" }, "task t1 cancelled"],
  ] as const)("a task that ends %s fails the job once, for good", async (_name, ending, message) => {
    const { name, queue, events } = await newQueue();
    const mindvideo = scripted("mindvideo", { wait: [ending] });
    const { queued } = await enqueueBatch(queue, [mvJob("a")], { batchId: "b" });
    worker(name, { mindvideo });
    expect(await outcome(queued[0]!, events)).toEqual({ error: message });
    expect((await queue.getJob("b.a"))!.attemptsMade).toBe(1);
  });

  it.each([
    ["a 400", () => new BadRequestError({ message: "bad input", status: 400 }), 1],
    ["a 4xx APIError", () => new APIError({ message: "teapot", status: 418 }), 1],
    ["a 408", () => new APIError({ message: "timeout", status: 408 }), 2],
    ["a 500", () => new InternalServerError({ message: "down", status: 500 }), 2],
    ["a network error", () => new APIConnectionError({ message: "reset" }), 2],
    ["an APIError without a status", () => new APIError({ message: "odd" }), 2],
    ["a plain error", () => new TypeError("boom"), 2],
  ])("%s on submit: attempts made %s of 2", async (_name, error, attempts) => {
    const { name, queue, events } = await newQueue();
    const mindvideo = scripted("mindvideo", { submit: [error()] });
    const { queued } = await enqueueBatch(queue, [mvJob("a")], { batchId: "b", jobOptions: { attempts: 2, backoff: { type: "fixed", delay: 1 } } });
    worker(name, { mindvideo });
    expect(await outcome(queued[0]!, events)).toEqual({ error: error().message });
    expect((await queue.getJob("b.a"))!.attemptsMade).toBe(attempts);
    expect(mindvideo.calls).toHaveLength(attempts);
  });

  it("a 429 rate-limits the queue and the job runs again without using up an attempt", async () => {
    const { name, queue, events } = await newQueue();
    const mindvideo = scripted("mindvideo", { submit: [new RateLimitError({ message: "slow", status: 429, headers: { "retry-after": "0" } }), new RateLimitError({ message: "slow", status: 429 }), {}] });
    const { queued } = await enqueueBatch(queue, [mvJob("a")], { batchId: "b", jobOptions: { attempts: 1 } });
    worker(name, { mindvideo }, { rateLimitPauseMs: 20 });
    expect(await outcome(queued[0]!, events)).toMatchObject({ value: { status: "succeeded" } });
    expect(mindvideo.calls.map((c) => c[0])).toEqual(["submit", "submit", "submit", "wait"]);
  });

  it("downloads a succeeded task's outputs as <job id>-<n>.<ext>; links on the client's base URL are trusted", async () => {
    const { name, queue, events } = await newQueue();
    files.files.set("/o/v.mp4", { bytes: patternBytes(500, 2), type: "video/mp4" });
    const out = mkdtempSync(join(tmpdir(), "mindvideo-bullmq-ip-"));
    closers.push(async () => rmSync(out, { recursive: true, force: true }));
    const mindvideo = scripted("mindvideo", { wait: [{ status: "succeeded", outputs: [{ kind: "video", url: `${files.url}/o/v.mp4` }] }] });
    const { queued } = await enqueueBatch(queue, [mvJob("a"), mvJob("c")], { batchId: "b" });
    worker(name, { mindvideo }, { downloadDir: out, clientOptions: { baseUrls: { mindvideo: files.url } } });
    const result = await outcome(queued[0]!, events);
    expect(result).toEqual({ value: { jobId: "a", taskId: "t1", status: "succeeded", files: [{ path: join(out, "a-0.mp4"), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: 500 }] } });
    expect(readFileSync(join(out, "a-0.mp4"))).toEqual(Buffer.from(patternBytes(500, 2)));
    await outcome(queued[1]!, events);
  });

  it("clientOptions.baseUrl is trusted too; without it a loopback link is refused", async () => {
    files.files.set("/o/w.mp4", { bytes: patternBytes(10, 2), type: "video/mp4" });
    const out = mkdtempSync(join(tmpdir(), "mindvideo-bullmq-ip-"));
    closers.push(async () => rmSync(out, { recursive: true, force: true }));
    const wait = [{ status: "succeeded" as const, outputs: [{ kind: "video" as const, url: `${files.url}/o/w.mp4` }] }];
    const trusted = await newQueue();
    const one = await enqueueBatch(trusted.queue, [mvJob("a")], { jobOptions: { attempts: 1 } });
    worker(trusted.name, { mindvideo: scripted("mindvideo", { wait }) }, { downloadDir: out, clientOptions: { baseUrl: files.url } });
    expect(await outcome(one.queued[0]!, trusted.events)).toMatchObject({ value: { files: [{ bytes: 10 }] } });
    const refused = await newQueue();
    const two = await enqueueBatch(refused.queue, [mvJob("z")], { jobOptions: { attempts: 1 } });
    worker(refused.name, { mindvideo: scripted("mindvideo", { wait }) }, { downloadDir: out });
    expect(await outcome(two.queued[0]!, refused.events)).toEqual({ error: expect.stringContaining("refusing to download from 127.0.0.1") });
  });

  it("runs up to 4 jobs at once by default, or its concurrency", async () => {
    for (const [concurrency, want] of [
      [undefined, 4],
      [2, 2],
    ] as const) {
      const { name, queue, events } = await newQueue();
      let inFlight = 0;
      let most = 0;
      let release: () => void = () => {};
      const full = new Promise<void>((resolve) => (release = resolve));
      const mindvideo = scripted("mindvideo", {}, async () => {
        most = Math.max(most, ++inFlight);
        // Every job waits until the limit's worth is running at once; then all go (each in turn fills and frees a slot).
        if (inFlight === want) release();
        await full;
        inFlight--;
      });
      const { queued } = await enqueueBatch(queue, ["a", "b", "c", "d", "e", "f"].map(mvJob));
      const w = worker(name, { mindvideo }, concurrency === undefined ? {} : { concurrency });
      // BullMQ enforces its worker's concurrency; ours is what it was given. Reaching `want` at once shows it is used.
      expect(w.opts.concurrency).toBe(want);
      await Promise.all(queued.map((job) => outcome(job, events)));
      expect(most).toBe(want);
    }
  });
});
