/**
 * Everything the simulator claims about the real services, in one place: prices derived from the
 * seeds' cost figures, the gateway's link lifetime and callback schedule, timing and limits.
 * Tests check the spec-backed figures against generated/openapi, so a spec change cannot drift past.
 */
import { models, type ModelSlug } from "../../generated/models/registry.js";

export interface Timing {
  /** Time spent queued. */
  queuedMs: number;
  /** Time spent processing. */
  processingMs: number;
}

export const DEFAULT_TIMING: Readonly<Timing> = Object.freeze({ queuedMs: 1_000, processingMs: 4_000 });

/** The longest a simulated task may run, whatever a `[duration=…]` marker asks (one day). */
export const MAX_TASK_MS = 24 * 60 * 60 * 1000;

/** Poll hints (`Retry-After`) never exceed this, so a long task cannot tell a client to wait forever. */
export const MAX_RETRY_AFTER_SECONDS = 60;

/** Largest request body accepted, in bytes (413 above it). Documented in the README's mock section. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Gateway: "generated video links are valid for 24 hours" (seed 003). Scaled with the mock's timing. */
export const LINK_TTL_SECONDS = 24 * 60 * 60;

/** Gateway callback delivery (x-callback-policy in spec/gateway.yaml). */
export const CALLBACK_POLICY = Object.freeze({ timeoutSeconds: 10, maxRetries: 3, retryDelaysSeconds: Object.freeze([1, 2, 4]), successStatus: "2xx" });

/**
 * The seeds' worked examples: model, the priced input, and what it cost. Per-second and per-image
 * prices are derived from these; other resolutions scale with their pixel count.
 */
export interface SeedCost {
  /** A model slug (a string, not ModelSlug: the facts hold even when the catalog changes). */
  model: string;
  resolution: string;
  seconds: number;
  images: number;
  cost: number;
}

export const SEED_COSTS: readonly SeedCost[] = Object.freeze([
  { model: "doubao-seedance-1-0-pro-quality", resolution: "1080p", seconds: 5, images: 0, cost: 0.585 },
  { model: "doubao-seedance-2-0-fast", resolution: "720p", seconds: 5, images: 0, cost: 0.0657 },
  { model: "apimart-doubao-seedance-4-0", resolution: "2K", seconds: 0, images: 1, cost: 0.0252 },
]);

/** Gateway: the seed's example reserves 8 credits for an 8-second video. */
export const GATEWAY_CREDITS_PER_SECOND = 8 / 8;

/** Models the seeds do not price are charged like the cheapest seed example of their kind. */
const PIXELS: Record<string, number> = { "480p": 854 * 480, "720p": 1280 * 720, "1080p": 1920 * 1080 };

// The seed slugs are compared as strings: a catalog without them (the bench's synthetic ones) still type-checks.
function perSecond(model: ModelSlug, resolution: string): number {
  const seed = SEED_COSTS.find((s) => (s.model as string) === model && s.seconds > 0) ?? SEED_COSTS.filter((s) => s.seconds > 0).sort((a, b) => a.cost / a.seconds - b.cost / b.seconds)[0]!;
  const base = seed.cost / seed.seconds;
  const scale = (PIXELS[resolution] ?? PIXELS[seed.resolution]!) / PIXELS[seed.resolution]!;
  return base * scale;
}

function perImage(model: ModelSlug): number {
  const seed = SEED_COSTS.find((s) => (s.model as string) === model && s.images > 0) ?? SEED_COSTS.find((s) => s.images > 0)!;
  return seed.cost / seed.images;
}

/** The MindVideo cost estimate of a task (defaults applied), rounded to 4 decimals like the seeds. */
export function estimateCost(model: ModelSlug, input: Record<string, unknown>): number {
  const info = models[model];
  const merged = { ...info.defaults, ...input } as Record<string, unknown>;
  const cost = info.output === "image" ? perImage(model) * Number(merged.n ?? 1) : perSecond(model, String(merged.resolution)) * Number(merged.duration ?? 5);
  return Math.round(cost * 10_000) / 10_000;
}

/** Scenarios a request (header `x-mock-scenario`) or the default (control API) can choose. */
export const SCENARIOS = Object.freeze(["none", "fail", "cancel", "slow", "rate-limited", "server-error", "expired-links"] as const);
export type Scenario = (typeof SCENARIOS)[number];

/** How much longer a task runs under the `slow` scenario. */
export const SLOW_FACTOR = 10;

/** Retry-After sent with the `rate-limited` scenario's 429. */
export const RATE_LIMIT_RETRY_AFTER_SECONDS = 2;

/** Prompt markers: `[fail]`, `[cancel]`, `[duration=<ms>]` (the whole task's length, capped at MAX_TASK_MS). */
export const MARKERS = Object.freeze({ fail: "[fail]", cancel: "[cancel]", duration: /\[duration=(\d+)\]/ });

export function isScenario(value: unknown): value is Scenario {
  return typeof value === "string" && (SCENARIOS as readonly string[]).includes(value);
}
