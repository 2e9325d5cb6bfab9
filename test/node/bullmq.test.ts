/**
 * Many machines: three BullMQ worker processes on a real redis-server, one SIGKILLed mid-job.
 * Every job completes once, with one task each in the stateful mock: the retried job replays its task.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGenerationWorker, enqueueBatch, type QueuedGeneration, type QueuedGenerationResult } from "../../src/node/bullmq.js";
import type { BatchJob } from "../../src/node/batch/index.js";
import { startMockBatchApi, gatewayJobs, videoJobs, type MockBatchApi } from "../helpers/batch-api.js";
import { repoRoot } from "../helpers/openapi.js";
import { startRedis, type RedisProcess } from "../helpers/redis.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
let redis: RedisProcess;
let api: MockBatchApi;
let out: string;
const workers: ChildProcess[] = [];
const connections: Redis[] = [];
const connect = () => {
  const connection = new Redis({ host: redis.host, port: redis.port, maxRetriesPerRequest: null });
  connections.push(connection);
  return connection;
};

function startWorker(queue: string, onLine: (line: string) => void): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "test/helpers/bullmq-worker.ts")], {
    cwd: repoRoot,
    env: { ...process.env, MINDVIDEO_API_KEY: "mv_bullmq", REDIS_PORT: String(redis.port), QUEUE: queue, BASE_URL: api.baseUrls.mindvideo, OUT: out },
    stdio: ["ignore", "pipe", "inherit"],
  });
  workers.push(child);
  let buffered = "";
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      const lines = (buffered + chunk.toString()).split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === "ready") resolve(child);
        onLine(line);
      }
    });
  });
}

beforeAll(async () => {
  [redis, api] = await Promise.all([startRedis(), startMockBatchApi({ queuedMs: 100, processingMs: 900 }, { outputBytes: 256 * 1024 })]);
  out = mkdtempSync(join(tmpdir(), "mindvideo-bullmq-"));
});
afterAll(async () => {
  await Promise.all(
    workers.map((child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM"))))),
  );
  await Promise.all(connections.map((c) => c.quit().catch(() => undefined)));
  await Promise.all([redis?.stop(), api?.close()]);
  rmSync(out, { recursive: true, force: true });
});

describe("BullMQ adapter", () => {
  it("3 workers, one SIGKILLed mid-job: every job completes once, one task each, files intact", async () => {
    const queueName = `gen-${Date.now()}`;
    const queue = new Queue<QueuedGeneration, QueuedGenerationResult>(queueName, { connection: connect() });
    const events = new QueueEvents(queueName, { connection: connect() });
    queue.setMaxListeners(50); // one waitUntilFinished listener per job
    await events.waitUntilReady();
    let killedTask: string | undefined;
    const victimStarted = startWorker(queueName, (line) => {
      const match = /^submitted \S+ (\S+)$/.exec(line);
      if (match && killedTask === undefined) {
        killedTask = match[1];
        victim.kill("SIGKILL");
      }
    });
    const victim = await victimStarted;
    await Promise.all([startWorker(queueName, () => {}), startWorker(queueName, () => {})]);
    const jobs = videoJobs(12) as BatchJob[];
    const { queued } = await enqueueBatch(queue, jobs, { batchId: "bullmq-test" });
    // Enqueuing the same batch again adds nothing.
    await enqueueBatch(queue, jobs, { batchId: "bullmq-test" });
    const results = (await Promise.all(queued.map((job) => job.waitUntilFinished(events, 60_000)))) as QueuedGenerationResult[];
    expect(killedTask, "the victim worker never submitted a task").toBeDefined();
    expect(victim.signalCode).toBe("SIGKILL");
    expect(results.map((r) => r.jobId).sort()).toEqual(jobs.map((j) => j.id).sort());
    expect(new Set(results.map((r) => r.taskId)).size).toBe(12);
    expect(await api.taskCount()).toBe(12);
    // The killed worker's task was finished by another worker: through the task id the victim stored
    // in the job's progress, or (if it died before storing it) through a replay of the same key.
    expect(results.map((r) => r.taskId)).toContain(killedTask);
    expect(api.counts.create).toBeGreaterThanOrEqual(12);
    expect(api.stack.simulator!.charges()).toHaveLength(12);
    const counts = await queue.getJobCounts("completed", "failed", "waiting", "active");
    expect(counts).toEqual({ completed: 12, failed: 0, waiting: 0, active: 0 });
    for (const result of results) {
      const file = readFileSync(join(out, `${result.jobId}-0.mp4`));
      expect(sha256(file)).toBe(sha256(await api.servedBytes(result.taskId)));
    }
    expect(readdirSync(out).filter((n) => n.endsWith(".mp4"))).toHaveLength(12);
    expect(new Set(results.map((r) => sha256(readFileSync(join(out, `${r.jobId}-0.mp4`))))).size).toBe(12);
    await events.close();
    await queue.close();
  }, 90_000);

  it("a gateway job whose earlier worker died mid-submit fails as in doubt (no Idempotency-Key there), and no second create is sent", async () => {
    const queueName = `gw-${Date.now()}`;
    const queue = new Queue<QueuedGeneration, QueuedGenerationResult>(queueName, { connection: connect() });
    const events = new QueueEvents(queueName, { connection: connect() });
    await events.waitUntilReady();
    const jobs = gatewayJobs(2, "gwq") as BatchJob[];
    const { queued } = await enqueueBatch(queue, jobs, { batchId: "bullmq-gateway" });
    // What a worker killed between its "submitting" mark and the create's answer leaves in Redis.
    await queued[0]!.updateProgress({ stage: "submitting" });
    const createsBefore = api.counts.create;
    const worker = createGenerationWorker({ queueName, connection: connect(), clientOptions: { apiKey: "gw_bullmq", baseUrls: { gateway: api.baseUrls.gateway } }, wait: { maxPollIntervalMs: 200 } });
    try {
      await expect(queued[0]!.waitUntilFinished(events, 30_000)).rejects.toThrow(/gateway submission was started/);
      const done = (await queued[1]!.waitUntilFinished(events, 30_000)) as QueuedGenerationResult;
      expect(done.jobId).toBe("gwq-2");
      expect(api.counts.create - createsBefore).toBe(1);
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
    }
  }, 60_000);
});
