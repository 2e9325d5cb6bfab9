/**
 * The simulator's sense of time. Everything it schedules goes through a Clock, so a manual clock can
 * drive a whole task life (and its callbacks) in virtual time.
 */

/** An opaque handle for a scheduled run. */
export interface TimerHandle {
  readonly scheduledFor: number;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `run` once, `ms` from now (any finite length: long waits are chained). */
  setTimeout(run: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The longest delay a host timer takes (2^31 - 1 ms, about 24.8 days); longer ones are chained. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

interface SystemTimer extends TimerHandle {
  native: ReturnType<typeof globalThis.setTimeout> | undefined;
}

/** Wall time and the host's timers, with waits past 2^31 ms chained instead of firing at once. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimeout(run: () => void, ms: number): TimerHandle {
    const delay = Number.isFinite(ms) ? Math.max(0, ms) : MAX_TIMER_MS;
    const timer: SystemTimer = { scheduledFor: Date.now() + delay, native: undefined };
    const arm = () => {
      const left = timer.scheduledFor - Date.now();
      timer.native = globalThis.setTimeout(left > MAX_TIMER_MS ? arm : run, Math.min(Math.max(0, left), MAX_TIMER_MS));
    };
    arm();
    return timer;
  },
  clearTimeout(handle: TimerHandle): void {
    const native = (handle as SystemTimer).native;
    if (native !== undefined) globalThis.clearTimeout(native);
  },
});

export interface ManualClock extends Clock {
  /** Moves time forward, running every timer that falls due, in order. Returns how many ran. */
  advance(ms: number): number;
  /** Sets the time (forward only), running what falls due. */
  set(at: number): number;
  /** How many timers are waiting. */
  pending(): number;
}

/** A clock that moves only when told: for tests and benchmarks in virtual time. */
export function createManualClock(start = 0): ManualClock {
  let current = start;
  let sequence = 0;
  const timers = new Map<TimerHandle, { run: () => void; order: number }>();
  const set = (at: number) => {
    if (!(at >= current)) return 0;
    let ran = 0;
    for (;;) {
      const due = [...timers].filter(([handle]) => handle.scheduledFor <= at).sort(([a, x], [b, y]) => a.scheduledFor - b.scheduledFor || x.order - y.order)[0];
      if (!due) break;
      timers.delete(due[0]);
      current = Math.max(current, due[0].scheduledFor);
      due[1].run();
      ran++;
    }
    current = at;
    return ran;
  };
  return {
    now: () => current,
    setTimeout(run, ms) {
      const handle: TimerHandle = { scheduledFor: current + (Number.isFinite(ms) ? Math.max(0, ms) : MAX_TIMER_MS) };
      timers.set(handle, { run, order: sequence++ });
      return handle;
    },
    clearTimeout: (handle) => void timers.delete(handle),
    advance: (ms) => set(current + ms),
    set,
    pending: () => timers.size,
  };
}
