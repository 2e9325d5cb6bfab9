/**
 * One clock for the simulator and the clients: it schedules the simulator's timers and the clients'
 * sleeps (retry backoff, polling), so a test moves both with `advance(ms)`.
 */
import type { Clock as PollClock } from "../poll.js";
import { createManualClock, systemClock, type Clock as SimulatorClock, type TimerHandle } from "../simulator/clock.js";

/** A clock both the simulator (`setTimeout`) and the clients (`sleep`, as their `clock` option) run on. */
export interface MockClock extends SimulatorClock, PollClock {
  readonly manual: boolean;
}

export interface ManualMockClock extends MockClock {
  /**
   * Moves virtual time forward by `ms`, one due timer at a time; after each, it lets the code that
   * woke up run (its fetches to the mock answer, its next sleep gets scheduled) before going on.
   */
  advance(ms: number): Promise<void>;
}

/** Bounds the settling between timers: a client that keeps fetching without sleeping ends it. */
const MAX_SETTLE_TURNS = 1_000;
const QUIET_TURNS = 3;

function sleepOn(clock: SimulatorClock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal!.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function createSystemMockClock(): MockClock {
  return Object.freeze({
    manual: false,
    now: systemClock.now,
    setTimeout: systemClock.setTimeout,
    clearTimeout: systemClock.clearTimeout,
    sleep: (ms: number, signal?: AbortSignal) => sleepOn(systemClock, ms, signal),
  });
}

/** A macrotask turn: lets promise chains (and the host's crypto callbacks) run on. */
export const nextTurn = () =>
  new Promise<void>((resolve) => {
    if (typeof MessageChannel === "function") {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(undefined);
    } else globalThis.setTimeout(resolve, 0);
  });

/**
 * `track` wraps work the clock should wait for before moving on (the mock's in-flight answers).
 */
export function createManualMockClock(start: number): ManualMockClock & { track<T>(work: Promise<T>): Promise<T> } {
  const inner = createManualClock(start);
  const inFlight = new Set<Promise<unknown>>();
  const pending = new Set<TimerHandle>();
  let activity = 0;
  const setTimeout = (run: () => void, ms: number): TimerHandle => {
    activity++;
    const handle = inner.setTimeout(() => {
      pending.delete(handle);
      run();
    }, ms);
    pending.add(handle);
    return handle;
  };
  const clearTimeout = (handle: TimerHandle) => {
    pending.delete(handle);
    inner.clearTimeout(handle);
  };
  const clock = { manual: true, now: inner.now, setTimeout, clearTimeout };
  const nextDue = (target: number) => {
    let next: number | undefined;
    for (const handle of pending) if (handle.scheduledFor <= target && (next === undefined || handle.scheduledFor < next)) next = handle.scheduledFor;
    return next;
  };

  // Quiet means no new timer or answer for a few turns in a row: layers in front of the mock
  // (MSW's interceptor, a service worker) may take more than one turn to hand a request over.
  async function settle(): Promise<void> {
    for (let turn = 0, quiet = 0; turn < MAX_SETTLE_TURNS && quiet < QUIET_TURNS; turn++) {
      const before = activity;
      await nextTurn();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      quiet = activity === before ? quiet + 1 : 0;
    }
  }

  return {
    ...clock,
    sleep: (ms, signal) => sleepOn(clock, ms, signal),
    async advance(ms) {
      if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`advance(ms): ms must be a finite number ≥ 0 (got ${ms})`);
      const target = inner.now() + ms;
      await settle();
      // One timer at a time: whatever wakes up may schedule the next step before `target`.
      for (;;) {
        const next = nextDue(target);
        if (next === undefined) break;
        inner.set(next);
        await settle();
      }
      inner.set(target);
      await settle();
    },
    track<T>(work: Promise<T>): Promise<T> {
      activity++;
      inFlight.add(work);
      const done = () => void inFlight.delete(work);
      work.then(done, done);
      return work;
    },
  };
}
