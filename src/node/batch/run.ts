/**
 * runBatch: many jobs through a bounded pool of workers, every step journaled, so a run killed at
 * any moment and started again finishes the same batch without submitting anything twice.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { models, type Provider } from "../../../generated/models/registry.js";
import { DEFAULT_CLIENT_OPTIONS, type ClientOptions, type Fetch } from "../../config.js";
import { APIConnectionError, APIUserAbortError, InternalServerError, RateLimitError } from "../../errors.js";
import { VideoGateway } from "../../gateway/client.js";
import type { GenerationClient, GenerationTask, GenerationWaitOptions } from "../../generations.js";
import { MindVideo } from "../../mindvideo/client.js";
import { nodeHttpFetch } from "../http-fetch.js";
import { downloadOutputs, type DownloadedFile, type DownloadOptions } from "../download.js";
import { BatchInputError, checkJobs, type BatchJob, type JobProblem } from "./jobs.js";
import { Journal, type JobRecord, type JobState } from "./journal.js";
import { batchIdFor, jobIdempotencyKey, payloadHash } from "./keys.js";
import { RateGate, type RateGateOptions } from "./limiter.js";

export const JOURNAL_FILE = "mindvideo-batch.jsonl";

export interface BatchOptions {
  /** Directory for the journal and the downloaded files. */
  out: string;
  /** Names the batch (and seeds every idempotency key). Default: a hash of the jobs' ids and payloads. */
  batchId?: string | undefined;
  /** Jobs in flight at once. Default 4. */
  concurrency?: number | undefined;
  /** Stop submitting before the sum of the server's cost estimates would pass this. Default: no cap. */
  maxCost?: number | undefined;
  /** Predicts a job's cost before it is submitted; default: the highest estimate seen for its model. */
  estimateCost?: ((job: BatchJob) => number | undefined) | undefined;
  /** Save each succeeded job's outputs as `<job id>-<n>.<ext>` in `out`. Default false. */
  download?: boolean | undefined;
  downloadOptions?: Omit<DownloadOptions, "prefix" | "signal"> | undefined;
  /** Run the valid jobs even when some are invalid (they are reported, not submitted). Default false. */
  skipInvalid?: boolean | undefined;
  /** Attempts per step on 429, 5xx and network errors (the gate paces them). Default 8. */
  maxAttempts?: number | undefined;
  /** Options for the clients runBatch builds; `baseUrls` per provider. Ignored for providers in `clients`. */
  clientOptions?: (ClientOptions & { baseUrls?: Partial<Record<Provider, string>> | undefined }) | undefined;
  /** Your own clients (then the shared 429 gate only paces runBatch's own retries). */
  clients?: Partial<Record<Provider, GenerationClient>> | undefined;
  wait?: Omit<GenerationWaitOptions, "signal" | "onUpdate"> | undefined;
  rateGate?: RateGateOptions | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: BatchEvent) => void) | undefined;
}

export const DEFAULT_BATCH_OPTIONS = Object.freeze({ concurrency: 4, maxAttempts: 8 });

export type JobOutcome = "succeeded" | "failed" | "cancelled" | "error" | "not-submitted" | "in-doubt" | "invalid";

export interface JobResult {
  id: string;
  model: string;
  outcome: JobOutcome;
  taskId?: string | undefined;
  estimate?: number | undefined;
  cost?: number | undefined;
  files?: { path: string; sha256: string; bytes: number }[] | undefined;
  error?: string | undefined;
  /** The error's class name for outcome "error" (RateLimitError, LinkExpiredError, …). */
  errorName?: string | undefined;
}

export type BatchEvent =
  | { type: "submitted"; job: string; taskId: string; estimate: number | undefined }
  | { type: "finished"; job: string; taskId: string; status: string }
  | { type: "downloaded"; job: string; files: DownloadedFile[] }
  | { type: "result"; result: JobResult; counts: BatchCounts; cost: BatchCost }
  | { type: "cost-cap"; job: string; spent: number; predicted: number; maxCost: number };

export interface BatchCounts {
  total: number;
  done: number;
  running: number;
  succeeded: number;
  failed: number;
  notSubmitted: number;
}

export interface BatchCost {
  /** Sum of the server's estimates for every submitted task. */
  estimated: number;
  /** Sum of the final costs known so far. */
  actual: number;
}

export interface BatchSummary {
  batchId: string;
  journal: string;
  counts: BatchCounts;
  cost: BatchCost;
  stoppedAtMaxCost: boolean;
  jobs: JobResult[];
  invalid: JobProblem[];
}

const TERMINAL: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);
const TRANSIENT = [RateLimitError, APIConnectionError, InternalServerError];

export async function runBatch(input: readonly BatchJob[], options: BatchOptions): Promise<BatchSummary> {
  const checked = checkJobs(input.map((value, i) => ({ line: i + 1, value })));
  if (checked.problems.length > 0 && !options.skipInvalid) throw new BatchInputError(checked.problems);
  const jobs = checked.jobs;
  const batchId = options.batchId ?? batchIdFor(jobs);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_BATCH_OPTIONS.concurrency));
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_BATCH_OPTIONS.maxAttempts);
  await mkdir(options.out, { recursive: true });
  const journal = await Journal.open(join(options.out, JOURNAL_FILE), batchId);
  // Keys are derived when needed, not held for every job: a batch's memory should grow with its concurrency, not its length.
  const keyOf = (job: BatchJob) => jobIdempotencyKey(batchId, job.id, payloadHash(job.model, job.input));
  for (const job of jobs) {
    const recorded = journal.states.get(job.id)?.submitted?.key ?? journal.states.get(job.id)?.submitting?.key;
    if (recorded !== undefined && recorded !== keyOf(job)) {
      await journal.close();
      throw new BatchInputError([{ line: jobs.indexOf(job) + 1, id: job.id, message: `job ${job.id} changed since it was submitted in this batch (journal ${journal.path}); give the changed job a new id` }]);
    }
  }

  const gate = new RateGate(options.rateGate);
  // node:http unless the caller brings a fetch: Node's fetch allocates enough per request to keep a long batch's heap several times its live data.
  const transport = options.clientOptions?.fetch ? undefined : nodeHttpFetch({ maxSockets: concurrency });
  const clients = buildClients(options, gate, transport, concurrency);
  const counts: BatchCounts = { total: jobs.length + checked.problems.length, done: 0, running: 0, succeeded: 0, failed: 0, notSubmitted: 0 };
  const cost: BatchCost = { estimated: 0, actual: 0 };
  for (const state of journal.states.values()) {
    cost.estimated += state.submitted?.estimate ?? 0;
    cost.actual += state.finished?.cost ?? 0;
  }
  const results: JobResult[] = checked.problems.map((p) => ({ id: p.id ?? `line-${p.line}`, model: "", outcome: "invalid", error: p.message }));
  counts.done = results.length;
  counts.failed = results.length;
  const emit = (event: BatchEvent) => options.onEvent?.(event);
  const highestEstimate = highestEstimates(jobs, journal);
  let stopped = false;
  let submitLock: Promise<void> = Promise.resolve();

  const withRetries = async <T>(step: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      await gate.ready(options.signal);
      try {
        return await step();
      } catch (error) {
        if (attempt >= maxAttempts || options.signal?.aborted || !TRANSIENT.some((type) => error instanceof type) || error instanceof APIUserAbortError) throw error;
        if (error instanceof RateLimitError) gate.observe(new Response(null, { status: 429, headers: error.headers }));
      }
    }
  };

  /** Under a lock when a cap is set, so the spent sum is exact when the next job is weighed. */
  const submit = async (job: BatchJob, client: GenerationClient, key: string): Promise<(NonNullable<JobState["submitted"]> & { answer?: GenerationTask }) | "capped"> => {
    const step = async () => {
      if (stopped) return "capped" as const;
      if (options.maxCost !== undefined) {
        const predicted = options.estimateCost?.(job) ?? highestEstimate.get(job.model) ?? 0;
        if (cost.estimated + predicted > options.maxCost + 1e-9) {
          stopped = true;
          emit({ type: "cost-cap", job: job.id, spent: round(cost.estimated), predicted, maxCost: options.maxCost });
          return "capped" as const;
        }
      }
      if (client.provider === "gateway") await journal.append({ type: "submitting", job: job.id, key });
      // The gateway documents no Idempotency-Key (its client refuses one): its guard is the durable "submitting" record above.
      const submitOptions = client.provider === "gateway" ? { signal: options.signal } : { idempotencyKey: key, signal: options.signal };
      const task = await withRetries(() => client.submit({ model: job.model, input: job.input } as never, submitOptions));
      const estimate = task.cost?.estimate;
      const record = { type: "submitted" as const, job: job.id, key, provider: client.provider, taskId: task.id, ...(estimate === undefined ? {} : { estimate }) };
      await record_(journal, record, client.provider);
      cost.estimated += estimate ?? 0;
      if (estimate !== undefined) highestEstimate.set(job.model, Math.max(estimate, highestEstimate.get(job.model) ?? 0));
      if (options.onEvent) emit({ type: "submitted", job: job.id, taskId: task.id, estimate });
      return { ...record, answer: task };
    };
    if (options.maxCost === undefined) return step();
    const run = submitLock.then(step);
    submitLock = run.then(() => undefined, () => undefined);
    return run;
  };

  const process = async (job: BatchJob): Promise<JobResult> => {
    const provider = models[job.model].provider;
    const client = clients[provider];
    const key = keyOf(job);
    const state = journal.states.get(job.id) ?? {};
    const base = { id: job.id, model: job.model };
    let submitted: (NonNullable<JobState["submitted"]> & { answer?: GenerationTask }) | undefined = state.submitted;
    try {
      if (!submitted) {
        if (state.submitting) return { ...base, outcome: "in-doubt", error: "a submission was started before a crash and the gateway has no idempotency: check your gateway tasks, then rerun with a new job id if it was not created" };
        const answer = await submit(job, client, key);
        if (answer === "capped") return { ...base, outcome: "not-submitted", error: `not submitted: --max-cost ${options.maxCost} reached` };
        submitted = answer!;
      }
      const withTask = { ...base, taskId: submitted.taskId, estimate: submitted.estimate };
      const taskId = submitted.taskId;
      let finished = state.finished;
      if (!finished) {
        // A create answer that is already final (instant tasks, replays of finished ones) needs no poll.
        const answered = submitted.answer;
        const task = answered && TERMINAL.has(answered.status) ? answered : await withRetries(() => client.wait(taskId, { ...options.wait, signal: options.signal }));
        finished = {
          type: "finished",
          job: job.id,
          taskId: task.id,
          status: task.status,
          outputs: task.outputs,
          ...(task.cost?.actual === undefined ? {} : { cost: task.cost.actual }),
          ...(task.expiresAt === undefined ? {} : { expiresAt: task.expiresAt }),
          ...(task.error ? { error: task.error.message } : {}),
        };
        await record_(journal, finished, provider);
        cost.actual += finished.cost ?? 0;
        if (options.onEvent) emit({ type: "finished", job: job.id, taskId: task.id, status: task.status });
      }
      const done = { ...withTask, ...(finished.cost === undefined ? {} : { cost: finished.cost }) };
      if (finished.status !== "succeeded") return { ...done, outcome: finished.status === "cancelled" ? "cancelled" : "failed", error: finished.error };
      let downloaded = state.downloaded;
      if (options.download && !downloaded) {
        const task: GenerationTask = { provider, id: finished.taskId, model: job.model, status: "succeeded", outputs: finished.outputs, ...(finished.expiresAt ? { expiresAt: finished.expiresAt } : {}), raw: null };
        // Links on the API's own origin are trusted (a local mock); any other special address is refused.
        const apiBaseUrl = options.clientOptions?.baseUrls?.[provider] ?? options.clientOptions?.baseUrl;
        const files = await downloadOutputs(task, options.out, { ...(apiBaseUrl ? { apiBaseUrl } : {}), ...options.downloadOptions, prefix: job.id, signal: options.signal });
        downloaded = { type: "downloaded", job: job.id, files: files.map(({ path, sha256, bytes }) => ({ path, sha256, bytes })) };
        await record_(journal, downloaded, provider);
        emit({ type: "downloaded", job: job.id, files });
      }
      return { ...done, outcome: "succeeded", ...(downloaded ? { files: downloaded.files } : {}) };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      // The task id too when it was submitted in this run: an error after submission must say which paid task it concerns.
      return { ...base, ...(submitted ? { taskId: submitted.taskId } : {}), outcome: "error", error: (error as Error).message, errorName: (error as Error).name };
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      counts.running++;
      const result = await process(job).finally(() => counts.running--);
      journal.forget(job.id); // its records are on disk (or pending there); this run never reads them again
      results.push(result);
      counts.done++;
      if (result.outcome === "succeeded") counts.succeeded++;
      else if (result.outcome === "not-submitted") counts.notSubmitted++;
      else counts.failed++;
      if (options.onEvent) emit({ type: "result", result, counts: { ...counts }, cost: { estimated: round(cost.estimated), actual: round(cost.actual) } });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, jobs.length)) }, worker));
  } finally {
    transport?.close();
    await journal.close();
  }
  const order = new Map(input.map((job, i) => [(job as { id?: unknown }).id, i]));
  results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { batchId, journal: journal.path, counts, cost: { estimated: round(cost.estimated), actual: round(cost.actual) }, stoppedAtMaxCost: stopped, jobs: results, invalid: checked.problems };
}

/** Per model, the highest estimate the journal recorded (the default prediction for `maxCost`). */
function highestEstimates(jobs: readonly BatchJob[], journal: Journal): Map<string, number> {
  const highest = new Map<string, number>();
  const modelOf = new Map(jobs.map((job) => [job.id, job.model]));
  for (const { submitted } of journal.states.values()) {
    const model = submitted && modelOf.get(submitted.job);
    if (model !== undefined && submitted?.estimate !== undefined) highest.set(model, Math.max(submitted.estimate, highest.get(model) ?? 0));
  }
  return highest;
}

/**
 * With MindVideo, a lost record only costs a replay (same key: the same task, no charge), so the
 * job goes on while the record is flushed with the next group commit; close() reports a failed
 * write. The gateway has no idempotency: there the record must be on disk first.
 */
function record_(journal: Journal, record: JobRecord, provider: Provider): Promise<void> | undefined {
  if (provider === "gateway") return journal.append(record);
  journal.enqueue(record);
  return undefined;
}

function buildClients(options: BatchOptions, gate: RateGate, transport: Fetch | undefined, concurrency: number): Record<Provider, GenerationClient> {
  const { baseUrls, ...clientOptions } = options.clientOptions ?? {};
  const inner: Fetch = clientOptions.fetch ?? transport ?? ((request) => globalThis.fetch(request));
  // The pool is the batch's bound: a client cap below it would queue what the pool let through.
  const maxConcurrentRequests = clientOptions.maxConcurrentRequests ?? Math.max(concurrency, DEFAULT_CLIENT_OPTIONS.maxConcurrentRequests);
  const shared = { ...clientOptions, maxConcurrentRequests, fetch: gate.wrap(inner) };
  // Built on first use: a batch of MindVideo jobs needs no gateway key.
  const lazy = (provider: Provider, make: () => GenerationClient): GenerationClient => {
    let client: GenerationClient | undefined;
    const get = () => (client ??= make());
    return {
      provider,
      submit: (request, o) => get().submit(request, o),
      get: (id, o) => get().get(id, o),
      wait: (id, o) => get().wait(id, o),
      run: (request, o) => get().run(request, o),
    };
  };
  return {
    mindvideo: options.clients?.mindvideo ?? lazy("mindvideo", () => new MindVideo({ ...shared, ...(baseUrls?.mindvideo ? { baseUrl: baseUrls.mindvideo } : {}) }).generations),
    gateway: options.clients?.gateway ?? lazy("gateway", () => new VideoGateway({ ...shared, ...(baseUrls?.gateway ? { baseUrl: baseUrls.gateway } : {}) }).generations),
  };
}


const round = (n: number) => Math.round(n * 1e6) / 1e6;
