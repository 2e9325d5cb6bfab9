/** What both simulated providers share: the task store, idempotency keys, charges, deliveries, timers. */
import type { ModelSlug } from "../../generated/models/registry.js";
import type { Clock, TimerHandle } from "./clock.js";
import type { Scenario, Timing } from "./facts.js";
import type { Lifecycle } from "./lifecycle.js";

export type ProviderName = "mindvideo" | "gateway";

export interface StoredTask {
  provider: ProviderName;
  id: string;
  /** A hash of the bearer token that created it (tokens are secrets and never stored). */
  tenant: string;
  model: ModelSlug;
  input: Record<string, unknown>;
  life: Lifecycle;
  /** MindVideo: cost estimate in USD; gateway: credits reserved. */
  cost: number;
  scenario: Scenario;
  /** When its output links stop working (ms since epoch); Infinity while it has none. */
  linksExpireAt: number;
}

export interface CallbackDelivery {
  taskId: string;
  url: string;
  attempt: number;
  at: number;
  status?: number;
  error?: string;
  body: unknown;
}

export interface Charge {
  taskId: string;
  amount: number;
}

/** Everything a request handler needs to know about the request beyond the Request itself. */
export interface RequestContext {
  requestId: string;
  tenant: string;
  scenario: Scenario;
  /** The origin the client used (`http://127.0.0.1:4010`), for links back to the mock. */
  origin: string;
}

export interface SimulatorState {
  clock: Clock;
  timing: Timing;
  linkTtlMs: number;
  maxBodyBytes: number;
  pollHints: boolean;
  allowLoopbackCallbacks: boolean;
  callbackTimeScale: number;
  fetch: typeof fetch;
  tasks: Map<string, StoredTask>;
  /** `${tenant} ${key}` → the task it created and the canonical payload's hash. */
  keys: Map<string, { taskId: string; fingerprint: string }>;
  charges: Charge[];
  deliveries: CallbackDelivery[];
  timers: Set<TimerHandle>;
  counter: number;
  later(ms: number, run: () => void): void;
}
