/**
 * Placing polls near completion from what answers already carry: the server's own estimate of the
 * time left (the gateway's `task_info.estimated_time`) or the rate at which `progress` rises.
 * Without either, the caller keeps the plain schedule (nextPollDelay).
 */

/** What one answer says about the time left. */
export interface ProgressSignal {
  /** 0–100, if the answer reports it. */
  progress?: number | undefined;
  /** The server's own estimate of the time left, in ms, if it gives one. */
  remainingMs?: number | undefined;
}

/** Progress must rise this many points between two answers before its rate is trusted. */
const MIN_PROGRESS_DELTA = 5;
/** The lag the schedule aims to stay within: this fraction of the task's (estimated) duration, at least MIN_LAG_MS. */
const LAG_FRACTION = 0.1;
const MIN_LAG_MS = 1_000;
/**
 * How far the rate still to come may differ from the rate seen so far: progress comes in phases of
 * different speed, so a rate measured early is trusted only within ±30 %.
 */
const RATE_DRIFT = 0.3;

export interface ProgressTracker {
  /**
   * The delay before the next poll that this answer suggests, or undefined when it carries no usable
   * signal (then the plain schedule applies). `elapsedMs` is the time since waiting began.
   */
  suggest(signal: ProgressSignal, elapsedMs: number): number | undefined;
}

export function createProgressTracker(): ProgressTracker {
  let first: { at: number; progress: number } | undefined;
  return {
    suggest({ progress, remainingMs }, at) {
      const valid = typeof progress === "number" && Number.isFinite(progress) && progress >= 0 && progress < 100;
      if (valid && (first === undefined || progress < first.progress)) first = { at, progress };
      const told = typeof remainingMs === "number" && Number.isFinite(remainingMs) && remainingMs >= 0 ? remainingMs : undefined;
      if (told === undefined) {
        if (!valid || first === undefined || at <= first.at) return undefined;
        const watched = at - first.at;
        const risen = progress - first.progress;
        // Progress is moving but too little to time yet: look again after as long as it has been watched.
        if (risen < MIN_PROGRESS_DELTA) return watched;
        // The end lies between the earliest and the latest the rate allows (whole points reported, so
        // the rise is known to ±1, and the rate may drift). Poll at the latest when that is within the
        // lag of the earliest; otherwise one lag after the earliest, which catches an early end in time
        // and, if the task still runs, times its rate over a longer stretch.
        const earliest = (100 - progress - 1) / (((risen + 1) / watched) * (1 + RATE_DRIFT));
        const latest = (100 - progress) / (((risen - 1) / watched) * (1 - RATE_DRIFT));
        const lag = Math.max(MIN_LAG_MS, LAG_FRACTION * (at + earliest));
        return Math.min(latest, earliest + lag);
      }
      // The server's estimate is already rounded up: near the end, poll when it says; further away,
      // land well before it and read the estimate again.
      const lag = Math.max(MIN_LAG_MS, LAG_FRACTION * (at + told));
      if (told <= 8 * lag) return told;
      return Math.max(told - lag, (2 * told) / 3);
    },
  };
}
