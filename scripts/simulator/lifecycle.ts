/**
 * A simulated task's life, computed from the clock: queued → processing (progress rising) →
 * succeeded, or failed/cancelled when the prompt carries a trigger. Nothing ticks in between.
 */

export interface Timing {
  /** Time spent queued. */
  queuedMs: number;
  /** Time spent processing. */
  processingMs: number;
}

export const DEFAULT_TIMING: Timing = { queuedMs: 1_000, processingMs: 4_000 };

/** Prompt triggers: `[fail]`, `[cancel]`, and `[duration=<ms>]` for the whole task's length. */
export const TRIGGERS = { fail: "[fail]", cancel: "[cancel]", duration: /\[duration=(\d+)\]/ } as const;

export type Outcome = "succeeded" | "failed" | "cancelled";
export type Phase = "queued" | "processing" | Outcome;

export interface Lifecycle {
  createdAt: number;
  timing: Timing;
  outcome: Outcome;
}

export function lifecycleFor(prompt: unknown, timing: Timing, now: number): Lifecycle {
  const text = typeof prompt === "string" ? prompt : "";
  const outcome: Outcome = text.includes(TRIGGERS.fail) ? "failed" : text.includes(TRIGGERS.cancel) ? "cancelled" : "succeeded";
  const duration = TRIGGERS.duration.exec(text);
  const total = duration ? Number(duration[1]) : timing.queuedMs + timing.processingMs;
  const queuedMs = Math.min(timing.queuedMs, total / 5);
  return { createdAt: now, timing: { queuedMs, processingMs: total - queuedMs }, outcome };
}

export interface Snapshot {
  phase: Phase;
  progress: number;
  /** When the task ends (ms since epoch). */
  endsAt: number;
}

export function snapshot(life: Lifecycle, now: number): Snapshot {
  const startsAt = life.createdAt + life.timing.queuedMs;
  const endsAt = startsAt + life.timing.processingMs;
  if (now < startsAt) return { phase: "queued", progress: 0, endsAt };
  if (now < endsAt) return { phase: "processing", progress: Math.min(99, Math.floor(((now - startsAt) / life.timing.processingMs) * 100)), endsAt };
  return { phase: life.outcome, progress: 100, endsAt };
}

export interface LifeEvent {
  at: number;
  type: "queued" | "processing" | "progress" | Outcome;
  phase: Phase;
  progress: number;
}

/** The events that have happened by `now`: queued, processing, progress at 25/50/75 %, the end. */
export function eventsUntil(life: Lifecycle, now: number): LifeEvent[] {
  const startsAt = life.createdAt + life.timing.queuedMs;
  const all: LifeEvent[] = [
    { at: life.createdAt, type: "queued", phase: "queued", progress: 0 },
    { at: startsAt, type: "processing", phase: "processing", progress: 0 },
    ...[25, 50, 75].map((p) => ({ at: startsAt + (life.timing.processingMs * p) / 100, type: "progress" as const, phase: "processing" as const, progress: p })),
    { at: startsAt + life.timing.processingMs, type: life.outcome, phase: life.outcome, progress: 100 },
  ];
  return all.filter((event) => event.at <= now);
}
