/**
 * Timers and signals that hold at the edges: setTimeout fires at once past 2^31−1 ms, so long
 * waits are chained; one AbortSignal may be shared by many waits, so waits derive their own
 * signal (AbortSignal.any) instead of each adding a listener to it.
 */

/** The longest delay setTimeout honours; anything above fires immediately in every runtime. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs `callback` after `ms` (chaining timers past MAX_TIMER_MS); returns a cancel function. */
export function longTimeout(callback: () => void, ms: number): () => void {
  if (ms === Infinity) return () => {};
  if (!(ms >= 0)) ms = 0; // NaN and negatives: now, not a surprise
  // Stryker disable next-line BlockStatement: without the one-timer branch the chained path below arms the same single timer for ms ≤ MAX_TIMER_MS
  if (ms <= MAX_TIMER_MS) {
    const handle = setTimeout(callback, ms); // one timer: the usual case, one closure fewer
    return () => clearTimeout(handle);
  }
  let handle: ReturnType<typeof setTimeout>;
  const arm = (remaining: number) => {
    handle = setTimeout(() => (remaining > MAX_TIMER_MS ? arm(remaining - MAX_TIMER_MS) : callback()), Math.max(0, Math.min(remaining, MAX_TIMER_MS)));
  };
  arm(ms);
  return () => clearTimeout(handle);
}

/** Waits `ms`, or rejects with the signal's reason the moment it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const cancel = longTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      cancel();
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A signal of one's own that follows `signal`: listeners added to it are not counted on `signal`. */
export function followSignal(signal: AbortSignal | undefined): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  const any = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  return any ? any([signal]) : signal;
}

/**
 * A signal that aborts when any of `signals` does, without adding a listener to them where the
 * runtime has AbortSignal.any (so a signal shared by hundreds of calls collects no listeners).
 */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) return present[0]!;
  const any = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (any) return any(present);
  const controller = new AbortController();
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    // Stryker disable next-line BooleanLiteral: the listener is removed by `signal: controller.signal` when the first source aborts, so `once` changes nothing
    signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true, signal: controller.signal });
  }
  return controller.signal;
}
