/** Clocks for tests: virtual time that advances by exactly what the code sleeps, never by real time. */
import type { Clock } from "../../src/index.js";

export interface VirtualClock extends Clock {
  /** Every sleep asked for, in order. */
  readonly slept: number[];
}

export function virtualClock(start = 0): VirtualClock {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      slept.push(ms);
      now += ms;
    },
  };
}

/** A clock whose sleeps never end by themselves: only their AbortSignal ends them. `sleeping` resolves when one starts. */
export function stoppedClock(): Clock & { sleeping: Promise<number> } {
  let started!: (ms: number) => void;
  const sleeping = new Promise<number>((resolve) => (started = resolve));
  return {
    sleeping,
    now: () => 0,
    sleep: (ms, signal) =>
      new Promise<void>((_resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        started(ms);
      }),
  };
}
