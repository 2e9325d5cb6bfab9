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
      let remaining = told;
      if (remaining === undefined && valid && first && progress - first.progress >= MIN_PROGRESS_DELTA && at > first.at) {
        remaining = ((100 - progress) * (at - first.at)) / (progress - first.progress);
      }
      if (remaining === undefined) {
        // Progress is moving but too little to time yet: look again after as long as it has been watched.
        return valid && first && at > first.at ? at - first.at : undefined;
      }
      const lag = Math.max(MIN_LAG_MS, LAG_FRACTION * (at + remaining));
      // Near the end, aim just past it (a server's estimate is already rounded up); further away, land
      // well before it and estimate again, so a rate that changes costs a poll, not a late detection.
      if (remaining <= 8 * lag) return told === undefined ? remaining + 0.3 * lag : remaining;
      return Math.max(remaining - lag, (2 * remaining) / 3);
    },
  };
}
