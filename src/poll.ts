/**
 * One generic polling loop for every provider: polls soon, then backs off so the delay stays
 * about a tenth of the time already waited (detection lag ≈ 10 % of the task's duration), capped;
 * a server hint (Retry-After) wins within bounds; a deadline and an AbortSignal end it at once.
 */
import { APIUserAbortError, MindVideoError, WaitTimeoutError } from "./errors.js";
import { anySignal, longTimeout, sleep } from "./sleep.js";
import { createProgressTracker, type ProgressSignal } from "./poll-estimate.js";

export interface PollScheduleOptions {
  /** Shortest delay between polls, and the delay while the task is young. */
  pollIntervalMs?: number | undefined;
  /** Longest delay between polls. */
  maxPollIntervalMs?: number | undefined;
}

export const DEFAULT_POLL_OPTIONS = Object.freeze({
  pollIntervalMs: 1_000,
  maxPollIntervalMs: 30_000,
  /** The delay grows to this fraction of the time already waited. */
  elapsedFraction: 0.1,
  /** A server hint below this is raised to it, so a hint of 0 cannot make a tight loop. */
  minHintMs: 250,
} as const);

export interface PollObservation<T> {
  value: T;
  /** The server's Retry-After on this answer, if any. */
  retryAfterMs?: number | undefined;
}

/** Time as poll() sees it; injectable so schedules can be simulated in virtual time. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = Object.freeze({ now: () => Date.now(), sleep });

export interface PollOptions<T> extends PollScheduleOptions {
  fetchOnce: (signal: AbortSignal) => Promise<PollObservation<T>>;
  isDone: (value: T) => boolean;
  /** What counts as a change for onUpdate. */
  fingerprint: (value: T) => string;
  onUpdate?: ((value: T) => void) | undefined;
  /** Overall deadline; none by default. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  onDeadline: (last: T | undefined) => Error;
  /** An observation already in hand (e.g. the create response): the loop starts by waiting. */
  initial?: PollObservation<T> | undefined;
  clock?: Clock | undefined;
  /** What an answer says about the time left (progress, a server estimate); none by default. */
  progressSignal?: ((value: T) => ProgressSignal) | undefined;
}

/** A usable duration, or the fallback for NaN, negatives and non-numbers. */
const duration = (value: unknown, fallback: number): number => (typeof value === "number" && value >= 0 ? value : fallback);

export function nextPollDelay(elapsedMs: number, hintMs: number | undefined, options: PollScheduleOptions = {}): number {
  const min = duration(options.pollIntervalMs, DEFAULT_POLL_OPTIONS.pollIntervalMs);
  const max = Math.max(min, duration(options.maxPollIntervalMs, DEFAULT_POLL_OPTIONS.maxPollIntervalMs));
  if (hintMs !== undefined) return Math.min(Math.max(hintMs, DEFAULT_POLL_OPTIONS.minHintMs), max);
  return Math.min(Math.max(min, elapsedMs * DEFAULT_POLL_OPTIONS.elapsedFraction), max);
}

export async function poll<T>(options: PollOptions<T>): Promise<T> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const now = () => clock.now();
  const started = now();
  if (options.timeoutMs !== undefined && !(typeof options.timeoutMs === "number" && options.timeoutMs >= 0)) {
    throw new MindVideoError(`wait: timeoutMs must be a number ≥ 0 or Infinity (got ${String(options.timeoutMs)})`);
  }
  const deadline = options.timeoutMs === undefined || options.timeoutMs === Infinity ? undefined : started + options.timeoutMs;
  // The deadline gets its own controller; the caller's signal joins it without a listener of ours,
  // so one signal shared by hundreds of waits collects nothing. Long deadlines chain timers.
  const controller = new AbortController();
  const signal = anySignal([controller.signal, options.signal]);
  const cancelDeadline = deadline === undefined ? () => {} : longTimeout(() => controller.abort(DEADLINE), deadline - started);
  const tracker = createProgressTracker();
  let last: T | undefined;
  let lastFingerprint: string | undefined;
  try {
    for (let observation = options.initial; ; observation = undefined) {
      observation ??= await options.fetchOnce(signal);
      last = observation.value;
      const fingerprint = options.fingerprint(last);
      if (fingerprint !== lastFingerprint) {
        lastFingerprint = fingerprint;
        options.onUpdate?.(last);
      }
      if (options.isDone(last)) return last;
      const elapsedMs = now() - started;
      // A Retry-After wins; then what the answer says about the time left; then the plain schedule.
      const suggested = observation.retryAfterMs === undefined && options.progressSignal ? tracker.suggest(options.progressSignal(last), elapsedMs) : undefined;
      const delayMs = suggested === undefined ? nextPollDelay(elapsedMs, observation.retryAfterMs, options) : boundedDelay(suggested, options);
      // The deadline is kept on the clock too, so an injected (virtual) clock reaches it without real time.
      if (deadline !== undefined && now() + delayMs >= deadline) {
        await clock.sleep(Math.max(0, deadline - now()), signal);
        throw options.onDeadline(last);
      }
      await clock.sleep(delayMs, signal);
    }
  } catch (error) {
    if (controller.signal.reason === DEADLINE) throw options.onDeadline(last);
    if (options.signal?.aborted && !(error instanceof APIUserAbortError)) {
      throw new APIUserAbortError({ message: "Waiting was aborted", cause: options.signal.reason });
    }
    throw error;
  } finally {
    cancelDeadline();
  }
}

const DEADLINE = Symbol("deadline");

/** A progress-based delay, kept between the hint floor and the schedule's longest delay. */
function boundedDelay(ms: number, options: PollScheduleOptions): number {
  const min = options.pollIntervalMs ?? DEFAULT_POLL_OPTIONS.pollIntervalMs;
  const max = Math.max(min, options.maxPollIntervalMs ?? DEFAULT_POLL_OPTIONS.maxPollIntervalMs);
  return Math.min(Math.max(ms, DEFAULT_POLL_OPTIONS.minHintMs), max);
}

/** How to wait for a task of any provider; `T` is the task `onUpdate` receives. */
export interface TaskWaitOptions<T> extends PollScheduleOptions {
  /** Overall deadline for the wait; none by default. Ends in WaitTimeoutError. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called on each change of status or progress (an unknown status included). */
  onUpdate?: ((task: T) => void) | undefined;
  /** Per-request timeout of each poll (defaults to the client's timeoutMs). */
  requestTimeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  /** Advanced: the clock polling runs on (simulations and tests); defaults to the client's. */
  clock?: Clock | undefined;
}

/**
 * Polls one task until its status is terminal: the one wait loop both clients share. `fetchTask`
 * reads the task once (with the per-request options); an unknown status keeps it waiting.
 */
export function waitForTask<T extends { status: string; progress?: number | undefined }>(
  taskId: string,
  terminal: ReadonlySet<string>,
  fetchTask: (options: { timeoutMs?: number | undefined; maxRetries?: number | undefined; signal: AbortSignal }) => Promise<PollObservation<T>>,
  options: TaskWaitOptions<T>,
  initial?: PollObservation<T>,
  remainingMs?: (task: T) => number | undefined,
): Promise<T> {
  return poll<T>({
    ...options,
    initial,
    // Progress is timed only while the task runs (a queued task's 0 says nothing about its speed).
    progressSignal: (task) => ({ progress: task.status === "processing" ? task.progress : undefined, remainingMs: remainingMs?.(task) }),
    fetchOnce: (signal) => fetchTask({ timeoutMs: options.requestTimeoutMs, maxRetries: options.maxRetries, signal }),
    isDone: (task) => terminal.has(task.status),
    fingerprint: (task) => `${task.status}:${task.progress ?? ""}`,
    onDeadline: (last) => new WaitTimeoutError(taskId, last?.status, options.timeoutMs ?? 0),
  });
}
