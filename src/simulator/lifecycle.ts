/**
 * A simulated task's life, computed from the clock: queued → processing (progress rising) →
 * succeeded, or failed/cancelled when the prompt or the scenario says so. Nothing ticks in between.
 */
import { MARKERS, MAX_TASK_MS, SLOW_FACTOR, type Scenario, type Timing } from "./facts.js";

export type Outcome = "succeeded" | "failed" | "cancelled";
export type Phase = "queued" | "processing" | Outcome;

export interface Lifecycle {
  createdAt: number;
  timing: Timing;
  outcome: Outcome;
}

// Stryker disable next-line StringLiteral: the default only has to be a scenario that is not fail, cancel or slow; "" behaves exactly like "none" here
export function lifecycleFor(prompt: unknown, timing: Timing, now: number, scenario: Scenario = "none"): Lifecycle {
  const text = typeof prompt === "string" ? prompt : "";
  const outcome: Outcome =
    text.includes(MARKERS.fail) || scenario === "fail" ? "failed" : text.includes(MARKERS.cancel) || scenario === "cancel" ? "cancelled" : "succeeded";
  const marker = MARKERS.duration.exec(text);
  const slow = scenario === "slow" ? SLOW_FACTOR : 1;
  const asked = marker ? Number(marker[1]) : (timing.queuedMs + timing.processingMs) * slow;
  const total = Math.min(MAX_TASK_MS, Number.isFinite(asked) ? Math.max(0, asked) : MAX_TASK_MS);
  const queuedMs = Math.min(timing.queuedMs * slow, total / 5);
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
  if (now < endsAt) return { phase: "processing", progress: Math.min(99, Math.floor(progressCurve(life, (now - startsAt) / life.timing.processingMs) * 100)), endsAt };
  return { phase: life.outcome, progress: 100, endsAt };
}

/**
 * Progress is not a straight line a client could overfit: it speeds up and slows down (a sine of
 * 2–4 periods, its size and sign set per task), yet stays honest: it only rises, starts at 0 and
 * reaches 1 exactly when the task ends (f(x) = x + a/(2πk)·sin(2πkx), |a| < 1 keeps f' > 0).
 */
export function progressCurve(life: Lifecycle, x: number): number {
  const seed = Math.abs(Math.sin(life.createdAt * 12.9898 + life.timing.processingMs * 78.233)) * 43758.5453;
  const k = 2 + (Math.floor(seed) % 3);
  const a = (seed % 1) * 0.6 - 0.3;
  return x + (a / (2 * Math.PI * k)) * Math.sin(2 * Math.PI * k * x);
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
