/**
 * `mindvideo/bullmq`: the same batch jobs spread over worker processes on any number of machines,
 * on BullMQ (Redis), an existing distributed queue, instead of a home-made one. Each queue job
 * carries its deterministic Idempotency-Key, so a job retried on another worker (after a crash,
 * a stall, a network error) replays the original task instead of paying for a second one. A 429
 * seen by any worker rate-limits the whole queue, on every machine, for its Retry-After.
 *
 * `bullmq` is an optional peer dependency: install it (and a Redis client such as ioredis) to use
 * this entry point.
 */
import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job, type JobsOptions, type WorkerOptions } from "bullmq";
import { models } from "../../generated/models/registry.js";
import { APIConnectionError, APIError, InternalServerError, RateLimitError } from "../errors.js";
import type { GenerationClient, GenerationTask, GenerationWaitOptions } from "../generations.js";
import { MindVideo } from "../mindvideo/client.js";
import { VideoGateway } from "../gateway/client.js";
import type { ClientOptions } from "../config.js";
import { retryAfterMs } from "../retry.js";
import { BatchInputError, checkJobs, type BatchJob } from "./batch/jobs.js";
import { batchIdFor, jobIdempotencyKey, payloadHash } from "./batch/keys.js";
import { downloadOutputs, type DownloadOptions } from "./download.js";

/** What a queue job carries. */
export interface QueuedGeneration {
  batchId: string;
  job: BatchJob;
  idempotencyKey: string;
}

/** What a finished queue job returns (its BullMQ return value). */
export interface QueuedGenerationResult {
  jobId: string;
  taskId: string;
  status: string;
  cost?: number | undefined;
  files?: { path: string; sha256: string; bytes: number }[] | undefined;
}

export const DEFAULT_QUEUE_JOB_OPTIONS: Readonly<JobsOptions> = Object.freeze({ attempts: 8, backoff: { type: "exponential", delay: 1_000 }, removeOnComplete: false, removeOnFail: false });

/** BullMQ job ids may not contain ":". */
const queueJobId = (batchId: string, jobId: string) => `${batchId}.${jobId}`;

/**
 * Adds the jobs to the queue (validated first: nothing is added when any is invalid). Adding the
 * same batch again adds nothing: queue job ids are `<batch id>.<job id>`.
 */
export async function enqueueBatch(queue: Queue, jobs: readonly BatchJob[], options: { batchId?: string | undefined; jobOptions?: JobsOptions | undefined } = {}): Promise<{ batchId: string; queued: Job[] }> {
  const checked = checkJobs(jobs.map((value, i) => ({ line: i + 1, value })));
  if (checked.problems.length > 0) throw new BatchInputError(checked.problems);
  const batchId = options.batchId ?? batchIdFor(checked.jobs);
  const queued = await queue.addBulk(
    checked.jobs.map((job) => ({
      name: "generation",
      data: { batchId, job, idempotencyKey: jobIdempotencyKey(batchId, job.id, payloadHash(job.model, job.input)) } satisfies QueuedGeneration,
      opts: { ...DEFAULT_QUEUE_JOB_OPTIONS, ...options.jobOptions, jobId: queueJobId(batchId, job.id) },
    })),
  );
  return { batchId, queued };
}

export interface GenerationWorkerOptions {
  queueName: string;
  connection: ConnectionOptions;
  /** Jobs this worker runs at once. Default 4. */
  concurrency?: number | undefined;
  /** Save outputs as `<job id>-<n>.<ext>` in this directory (shared storage when workers are on many machines). */
  downloadDir?: string | undefined;
  downloadOptions?: Omit<DownloadOptions, "prefix" | "signal"> | undefined;
  clientOptions?: (ClientOptions & { baseUrls?: { mindvideo?: string; gateway?: string } | undefined }) | undefined;
  clients?: { mindvideo?: GenerationClient; gateway?: GenerationClient } | undefined;
  wait?: Omit<GenerationWaitOptions, "signal" | "onUpdate"> | undefined;
  /** Pause for a 429 without Retry-After. Default 1 s. */
  rateLimitPauseMs?: number | undefined;
  /** Passed to BullMQ's Worker (lockDuration, stalledInterval, maxStalledCount, …). */
  workerOptions?: Omit<WorkerOptions, "connection" | "concurrency"> | undefined;
}

/** A BullMQ Worker that runs queued generations: submit (with the job's key), wait, download. */
export function createGenerationWorker(options: GenerationWorkerOptions): Worker<QueuedGeneration, QueuedGenerationResult> {
  const { baseUrls, ...clientOptions } = options.clientOptions ?? {};
  let mindvideo: GenerationClient | undefined = options.clients?.mindvideo;
  let gateway: GenerationClient | undefined = options.clients?.gateway;
  const clientFor = (provider: "mindvideo" | "gateway"): GenerationClient =>
    provider === "mindvideo"
      ? (mindvideo ??= new MindVideo({ ...clientOptions, ...(baseUrls?.mindvideo ? { baseUrl: baseUrls.mindvideo } : {}) }).generations)
      : (gateway ??= new VideoGateway({ ...clientOptions, ...(baseUrls?.gateway ? { baseUrl: baseUrls.gateway } : {}) }).generations);

  const worker: Worker<QueuedGeneration, QueuedGenerationResult> = new Worker<QueuedGeneration, QueuedGenerationResult>(
    options.queueName,
    async (job, _token, signal) => {
      const { job: generation, idempotencyKey } = job.data;
      const client = clientFor(models[generation.model].provider);
      try {
        // Progress is stored in Redis with the job, so a retry on another worker sees how far this one got.
        const progress = job.progress as { stage?: string; taskId?: string } | number;
        const before = typeof progress === "object" && progress !== null ? progress : {};
        if (before.stage === "submitting" && client.provider === "gateway") {
          // The gateway documents no Idempotency-Key: a second create could start (and charge) a second task.
          throw new UnrecoverableError(`job ${generation.id}: a gateway submission was started by a worker that died before recording its task; check the gateway's tasks, then enqueue it again under a new job id if it was not created`);
        }
        let submitted: GenerationTask | undefined;
        if (before.stage !== "submitted" || before.taskId === undefined) {
          if (client.provider === "gateway") await job.updateProgress({ stage: "submitting" });
          submitted = await client.submit({ model: generation.model, input: generation.input } as never, client.provider === "gateway" ? { signal } : { idempotencyKey, signal });
          await job.updateProgress({ stage: "submitted", taskId: submitted.id });
        }
        const taskId = submitted?.id ?? before.taskId!;
        const task = submitted && submitted.status !== "queued" && submitted.status !== "processing" ? submitted : await client.wait(taskId, { ...options.wait, signal });
        if (task.status !== "succeeded") throw new UnrecoverableError(`task ${task.id} ${task.status}${task.error ? `: ${task.error.message}` : ""}`);
        // Links on the API's own origin are trusted (a local mock); any other special address is refused.
        const apiBaseUrl = baseUrls?.[client.provider] ?? clientOptions.baseUrl;
        const files = options.downloadDir === undefined ? undefined : await downloadOutputs(task, options.downloadDir, { ...(apiBaseUrl ? { apiBaseUrl } : {}), ...options.downloadOptions, prefix: generation.id, signal });
        return result(generation.id, task, files);
      } catch (error) {
        throw await classify(error);
      }
    },
    { ...options.workerOptions, connection: options.connection, concurrency: options.concurrency ?? 4 },
  );

  /** 429: pause the whole queue (every worker, every machine); other 4xx: no retry; the rest: BullMQ's retry. */
  async function classify(error: unknown): Promise<unknown> {
    if (error instanceof RateLimitError) {
      // At least 1 ms: Redis refuses a zero expiry, so `Retry-After: 0` made rateLimit(0) throw instead of pausing.
      const pause = Math.max(1, retryAfterMs(new Headers(error.headers)) ?? options.rateLimitPauseMs ?? 1_000);
      await worker.rateLimit(pause);
      return Worker.RateLimitError();
    }
    if (error instanceof APIError && !(error instanceof APIConnectionError) && !(error instanceof InternalServerError) && error.status !== undefined && error.status < 500 && error.status !== 408) {
      return new UnrecoverableError(error.message);
    }
    return error;
  }
  return worker;
}

function result(jobId: string, task: GenerationTask, files: Awaited<ReturnType<typeof downloadOutputs>> | undefined): QueuedGenerationResult {
  return {
    jobId,
    taskId: task.id,
    status: task.status,
    ...(task.cost?.actual === undefined ? {} : { cost: task.cost.actual }),
    ...(files ? { files: files.map(({ path, sha256, bytes }) => ({ path, sha256, bytes })) } : {}),
  };
}

export { Queue, Worker };
// Types the exported signatures above refer to.
export type { BatchJob } from "./batch/jobs.js";
export type { DownloadOptions, DownloadProgress } from "./download.js";
export type * from "../option-types.js";
