/**
 * One pace for every worker: a 429 from any request pauses all of them until its Retry-After has
 * passed, instead of each worker discovering the limit on its own (and making the storm worse).
 */
import { ACCEPTS_INIT, type Fetch, type InitFetch } from "../../config.js";
import { retryAfterMs } from "../../retry.js";

export interface RateGateOptions {
  /** Pause after a 429 without Retry-After; doubles while 429s continue. Default 1 s. */
  initialPauseMs?: number | undefined;
  /** Cap on any pause, Retry-After included. Default 60 s. */
  maxPauseMs?: number | undefined;
  now?: (() => number) | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

export const DEFAULT_RATE_GATE_OPTIONS = Object.freeze({ initialPauseMs: 1_000, maxPauseMs: 60_000 });

export class RateGate {
  #until = 0;
  #streak = 0;
  /** How many 429 answers the gate has seen. */
  rateLimited = 0;
  readonly #options: { initialPauseMs: number; maxPauseMs: number; now: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void> };

  constructor(options: RateGateOptions = {}) {
    this.#options = {
      initialPauseMs: options.initialPauseMs ?? DEFAULT_RATE_GATE_OPTIONS.initialPauseMs,
      maxPauseMs: options.maxPauseMs ?? DEFAULT_RATE_GATE_OPTIONS.maxPauseMs,
      now: options.now ?? Date.now,
      sleep: options.sleep ?? abortableSleep,
    };
  }

  /** Resolves when no pause is in force. */
  async ready(signal?: AbortSignal): Promise<void> {
    for (let wait = this.#until - this.#options.now(); wait > 0; wait = this.#until - this.#options.now()) await this.#options.sleep(wait, signal);
  }

  /** Records an answer: a 429 pauses everyone; anything else ends a 429 streak. */
  observe(response: Response): void {
    if (response.status !== 429) {
      this.#streak = 0;
      return;
    }
    this.rateLimited++;
    const hinted = retryAfterMs(response.headers, this.#options.now);
    const pause = Math.min(hinted ?? this.#options.initialPauseMs * 2 ** this.#streak, this.#options.maxPauseMs);
    this.#streak++;
    this.#until = Math.max(this.#until, this.#options.now() + pause);
  }

  /** Wraps a fetch so every request waits for the gate and every answer feeds it (a fetch taking `(url, init)` keeps taking it). */
  wrap(inner: Fetch): Fetch {
    const call = inner as (input: Request | string, init?: RequestInit) => Promise<Response>;
    const gated = async (input: Request | string, init?: RequestInit) => {
      await this.ready(typeof input === "string" ? (init?.signal ?? undefined) : input.signal);
      const response = await call(input, init);
      this.observe(response);
      return response;
    };
    return (inner as Partial<InitFetch>)[ACCEPTS_INIT] === true ? Object.assign(gated, { [ACCEPTS_INIT]: true as const }) : gated;
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, Math.min(ms, 2 ** 31 - 1));
    function done() {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
