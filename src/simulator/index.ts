/**
 * A stateful simulator of both APIs as one web-standard handler (`Request` → `Response`), routed by
 * path: `/api/v1/…` is the MindVideo task API, `/v1/…` the video gateway. It runs wherever fetch
 * does (Node, browsers, workers, service workers); time comes from an injectable clock.
 *
 * ```ts
 * const sim = createSimulator({ clock: createManualClock(Date.now()), timing: { queuedMs: 100, processingMs: 400 } });
 * const res = await sim.handle(new Request("http://mock/api/v1/tasks", { method: "POST", headers: { authorization: "Bearer k" }, body }));
 * ```
 */
import { systemClock, type Clock, type TimerHandle } from "./clock.js";
import { DEFAULT_TIMING, isScenario, LINK_TTL_SECONDS, MAX_BODY_BYTES, RATE_LIMIT_RETRY_AFTER_SECONDS, SCENARIOS, type Scenario, type Timing } from "./facts.js";
import { gatewayError, handleGateway } from "./gateway.js";
import { bearerToken, incomingFrom, isReply, replyToResponse, requestId, type Incoming, type Reply } from "./http.js";
import { sha256HexSync } from "./sha256.js";
import { snapshot, type Phase } from "./lifecycle.js";
import { handleMindVideo, mindvideoError } from "./mindvideo.js";
import { OUTPUTS_PREFIX, serveOutput } from "./outputs.js";
import type { CallbackDelivery, Charge, ProviderName, RequestContext, SimulatorState } from "./state.js";

export { createManualClock, systemClock, MAX_TIMER_MS, type Clock, type ManualClock, type TimerHandle } from "./clock.js";
export { SCENARIOS, DEFAULT_TIMING, MAX_BODY_BYTES, type Scenario, type Timing } from "./facts.js";
export type { CallbackDelivery, Charge, ProviderName } from "./state.js";

/** The request header that picks a scenario for one request. */
export const SCENARIO_HEADER = "x-mock-scenario";

export interface SimulatorOptions {
  /** Where time comes from. Default: `systemClock` (wall time, host timers). */
  clock?: Clock | undefined;
  /** How long tasks stay queued and processing. Default: 1000 ms queued, 4000 ms processing. */
  timing?: Partial<Timing> | undefined;
  /** The scenario of requests that do not name one in `x-mock-scenario`. Default: "none". */
  scenario?: Scenario | undefined;
  /** Deliver gateway callbacks to loopback receivers (localhost, 127.0.0.1, ::1), over http. Default: false. */
  allowLoopbackCallbacks?: boolean | undefined;
  /** Multiplies the callback timeout and retry delays (tests shorten them). Default: 1. */
  callbackTimeScale?: number | undefined;
  /** How long output links work after a task ends. Default: 24 h scaled by timing (total / 5 s). */
  linkTtlMs?: number | undefined;
  /** Largest request body in bytes; 413 above it. Default: MAX_BODY_BYTES (4 MiB). */
  maxBodyBytes?: number | undefined;
  /** Send `Retry-After` (time left, at most 60 s) while a MindVideo task runs. Default: true. */
  pollHints?: boolean | undefined;
  /** The fetch used to deliver callbacks. Default: globalThis.fetch. */
  fetch?: typeof fetch | undefined;
  /** Pad each output file to at least this many bytes (downloads large enough to cut halfway). Default: the smallest valid file, about 200 bytes. */
  outputBytes?: number | undefined;
}

/** One task as the control API lists it. */
export interface SimulatedTask {
  provider: ProviderName;
  id: string;
  model: string;
  /** The simulator's phase: queued, processing, succeeded, failed or cancelled. */
  phase: Phase;
  progress: number;
  input: Record<string, unknown>;
  scenario: Scenario;
  /** MindVideo: cost estimate (USD); gateway: credits reserved. */
  cost: number;
  createdAt: number;
  endsAt: number;
  linksExpireAt: number | null;
}

export interface Simulator {
  /** Answers one request; never throws (an internal fault is a 500 in the provider's envelope). */
  handle(request: Request): Promise<Response>;
  /**
   * The same without web Request/Response objects: the contract front and the Node server call
   * this, and a JSON answer comes back unserialized (output files stay Responses).
   */
  answer(request: Incoming): Promise<Reply | Response>;
  /** Forgets every task, key, charge and delivery, cancels pending callbacks, restores the default scenario. */
  reset(): void;
  /** Every task since the last reset, oldest first. */
  tasks(): SimulatedTask[];
  /** Every charge made (one per task created; idempotent replays charge nothing). */
  charges(): Charge[];
  /** Every callback delivery attempt. */
  deliveries(): CallbackDelivery[];
  /** The scenario of requests without the header. */
  scenario(): Scenario;
  setScenario(scenario: Scenario): void;
  /** Cancels pending callback timers (the simulator stays usable). */
  close(): void;
}

export function providerOf(pathname: string): ProviderName | undefined {
  return pathname.startsWith("/api/v1/") || pathname === "/api/v1" ? "mindvideo" : pathname.startsWith("/v1/") || pathname === "/v1" ? "gateway" : undefined;
}

/** An error in the envelope of the API the path belongs to (MindVideo's when it belongs to neither). */
function failure(provider: ProviderName | undefined, ctx: RequestContext, status: number, message: string, param?: string, headers: Record<string, string> = {}): Reply {
  return provider === "gateway"
    ? gatewayError(ctx, status, status === 401 ? "authentication_error" : status === 404 ? "not_found_error" : status === 429 ? "rate_limit_error" : status >= 500 ? "internal_server_error" : "invalid_request_error", message, param, headers)
    : mindvideoError(
        ctx,
        status,
        status === 401 ? "invalid_api_key" : status === 404 ? "not_found" : status === 429 ? "rate_limit_exceeded" : status >= 500 ? "internal_error" : "invalid_request",
        status === 401 ? "authentication_error" : status === 404 ? "not_found_error" : status === 429 ? "rate_limit_error" : status >= 500 ? "internal_server_error" : "invalid_request_error",
        message,
        param ? { param } : {},
        headers,
      );
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const timing: Timing = { ...DEFAULT_TIMING, ...options.timing };
  const defaultScenario = options.scenario ?? "none";
  let scenario: Scenario = defaultScenario;
  const timers = new Set<TimerHandle>();
  const clock = options.clock ?? systemClock;
  const state: SimulatorState = {
    clock,
    timing,
    linkTtlMs: options.linkTtlMs ?? LINK_TTL_SECONDS * 1000 * ((timing.queuedMs + timing.processingMs) / (DEFAULT_TIMING.queuedMs + DEFAULT_TIMING.processingMs)),
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    pollHints: options.pollHints ?? true,
    allowLoopbackCallbacks: options.allowLoopbackCallbacks ?? false,
    callbackTimeScale: options.callbackTimeScale ?? 1,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    tasks: new Map(),
    keys: new Map(),
    charges: [],
    deliveries: [],
    timers,
    counter: 0,
    later(ms, run) {
      const handle = clock.setTimeout(() => {
        timers.delete(handle);
        run();
      }, ms);
      timers.add(handle);
    },
  };
  const outputBytes = Number.isFinite(options.outputBytes) ? Math.min(Math.max(0, Math.floor(options.outputBytes!)), 64 * 1024 * 1024) : 0;
  const close = () => {
    for (const timer of timers) clock.clearTimeout(timer);
    timers.clear();
  };

  async function route(request: Incoming, id: string): Promise<Reply | Response> {
    const url = request.url;
    if (url.pathname.startsWith(OUTPUTS_PREFIX) && (request.method === "GET" || request.method === "HEAD")) return serveOutput(state, request.request(), url.pathname, outputBytes);
    const provider = providerOf(url.pathname);
    const ctx: RequestContext = { requestId: id, tenant: "", scenario, origin: url.origin };
    if (!provider) return failure(provider, ctx, 404, `No route ${request.method} ${url.pathname}`);
    const token = bearerToken(request);
    if (!token) return failure(provider, ctx, 401, provider === "gateway" ? "Invalid or expired token" : "Missing bearer API key");
    const asked = request.header(SCENARIO_HEADER);
    if (asked !== null && !isScenario(asked)) return failure(provider, ctx, 400, `${SCENARIO_HEADER} must be one of ${SCENARIOS.join(", ")} (got ${JSON.stringify(asked.slice(0, 64))})`, SCENARIO_HEADER);
    ctx.tenant = `tenant_${sha256HexSync(token).slice(0, 16)}`;
    ctx.scenario = asked ?? scenario;
    if (ctx.scenario === "rate-limited") return failure(provider, ctx, 429, "Too many requests (scenario rate-limited)", undefined, { "retry-after": String(RATE_LIMIT_RETRY_AFTER_SECONDS) });
    if (ctx.scenario === "server-error") return failure(provider, ctx, 500, "The simulated server failed (scenario server-error)");
    return provider === "gateway" ? handleGateway(state, request, url, ctx) : handleMindVideo(state, request, url, ctx);
  }

  async function answer(request: Incoming): Promise<Reply | Response> {
    const id = requestId();
    try {
      return await route(request, id);
    } catch (error) {
      const provider = providerOf(request.url.pathname);
      const ctx = { requestId: id, tenant: "", scenario, origin: "" };
      const message = `The simulator failed: ${(error as Error).message}`;
      return provider === "gateway" ? gatewayError(ctx, 500, "internal_server_error", message) : mindvideoError(ctx, 500, "internal_error", "internal_server_error", message);
    }
  }

  return {
    async handle(request) {
      const answered = await answer(incomingFrom(request));
      return isReply(answered) ? replyToResponse(answered) : answered;
    },
    answer,
    reset() {
      close();
      state.tasks.clear();
      state.keys.clear();
      state.charges.length = 0;
      state.deliveries.length = 0;
      scenario = defaultScenario;
    },
    tasks() {
      const now = clock.now();
      return [...state.tasks.values()].map((task) => {
        const snap = snapshot(task.life, now);
        return {
          provider: task.provider,
          id: task.id,
          model: task.model,
          phase: snap.phase,
          progress: snap.progress,
          input: task.input,
          scenario: task.scenario,
          cost: task.cost,
          createdAt: task.life.createdAt,
          endsAt: snap.endsAt,
          linksExpireAt: task.life.outcome === "succeeded" ? task.linksExpireAt : null,
        };
      });
    },
    charges: () => [...state.charges],
    deliveries: () => [...state.deliveries],
    scenario: () => scenario,
    setScenario(next) {
      if (!isScenario(next)) throw new TypeError(`scenario must be one of ${SCENARIOS.join(", ")}`);
      scenario = next;
    },
    close,
  };
}
