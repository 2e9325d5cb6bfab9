/**
 * `mindvideo/mock`: both APIs in-process, from the same simulator as `npm run mock -- --stateful`.
 * No server, no port, no process: hand `mock.fetch` to a client.
 *
 * ```ts
 * import { MindVideo } from "mindvideo";
 * import { createMock } from "mindvideo/mock";
 *
 * const mock = createMock({ clock: "manual" });
 * const client = new MindVideo({ apiKey: "any", fetch: mock.fetch, clock: mock.clock });
 * const run = client.tasks.run({ model: "seedance-1-0-pro", input: { prompt: "a fox" } });
 * await mock.advance(10 * 60_000); // ten virtual minutes, instantly
 * const task = await run;
 * ```
 */
import { createSimulator, SCENARIO_HEADER, type SimulatedTask, type Scenario, type Timing } from "../simulator/index.js";
import { createManualMockClock, createSystemMockClock, nextTurn, type MockClock } from "./clock.js";
import type { Violation } from "../simulator/violations.js";
import { createEngine } from "./engine.js";
import { createRouter, type BaseUrls, type Route } from "./routes.js";

export { SCENARIOS, DEFAULT_TIMING, type Scenario, type Timing, type SimulatedTask } from "../simulator/index.js";
export type { MockClock } from "./clock.js";
export type { Clock } from "../poll.js";
export type { Clock as SimulatorClock, TimerHandle } from "../simulator/clock.js";
export type { Phase, Outcome } from "../simulator/lifecycle.js";
export type { ProviderName } from "../simulator/state.js";
export type { Violation } from "../simulator/violations.js";
export type { BaseUrls } from "./routes.js";
/** Send this header with a scenario name to choose the scenario of one request. */
export const MOCK_SCENARIO_HEADER = SCENARIO_HEADER;

export interface MockOptions {
  /**
   * `"system"`: wall time. `"manual"`: time moves only with `await mock.advance(ms)`; pass
   * `mock.clock` to the clients (`clock` option) so their waits follow it. Default: "system".
   */
  clock?: "system" | "manual" | undefined;
  /** Where a manual clock starts (ms since the epoch). Default: `Date.now()` at creation. */
  startTime?: number | undefined;
  /** How long tasks stay queued and processing. Default: 1000 ms queued, 4000 ms processing. */
  timing?: Partial<Timing> | undefined;
  /** The scenario of requests that do not choose one with the `x-mock-scenario` header. Default: "none". */
  scenario?: Scenario | undefined;
  /** More API base URLs to answer, beyond both providers' defaults (which are always answered); like the API, they want a bearer key. Default: none. */
  baseUrls?: BaseUrls | undefined;
  /**
   * Your server's proxy routes (`createProxyHandler`), e.g. `{ mindvideo: "/api/mindvideo" }`: answered
   * as the proxy and the API together, so requests need no key. Paths resolve against the page's
   * address. Default: none.
   */
  proxies?: BaseUrls | undefined;
  /** How long output links work after a task ends. Default: the simulator's (24 h scaled by timing). */
  linkTtlMs?: number | undefined;
  /**
   * Called once per contract violation (a request the contract rejects, or an answer that breaks it).
   * Default: a console warning naming the operation and the problem, except when NODE_ENV is "production".
   */
  onViolation?: ((violation: Violation) => void) | undefined;
}

export interface Mock {
  /** A web-standard fetch answering both APIs; other URLs reject like a failed network request. */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** The answer to `request`, or `undefined` when its URL is not one the mock answers. */
  handle(request: Request): Promise<Response | undefined>;
  /** Whether the mock answers this URL. */
  answers(url: string | URL): boolean;
  /** The clock the simulator runs on; give it to the clients as their `clock` option. */
  readonly clock: MockClock;
  /** Manual clock only: moves virtual time forward, letting every wait and task step that falls due run. */
  advance(ms: number): Promise<void>;
  /** Forgets every task and idempotency key and restores the default scenario. */
  reset(): void;
  /** Every task since the last reset, oldest first. */
  tasks(): SimulatedTask[];
  /** The contract violations seen since the last reset (the newest 500), oldest first. */
  violations(): Violation[];
  /** The scenario of requests without the header. */
  scenario(): Scenario;
  setScenario(scenario: Scenario): void;
  /** The base URLs answered (API and proxy routes, absolute), per provider. */
  readonly baseUrls: Readonly<Record<"mindvideo" | "gateway", readonly string[]>>;
  /** Cancels the simulator's pending timers (callbacks). */
  close(): void;
}

/** The key a proxy route adds (the mock's stand-in for your server's). */
const PROXY_KEY = "Bearer mock-proxy-key";

function rewritten(request: Request, route: Route): Request {
  if (route.url.href === request.url && !route.proxy) return request;
  const headers = new Headers(request.headers);
  // Like createProxyHandler: the browser's credentials are dropped, the server's key is added.
  if (route.proxy) headers.set("authorization", PROXY_KEY);
  headers.delete("cookie");
  const hasBody = request.body !== null && request.method !== "GET" && request.method !== "HEAD";
  return new Request(route.url, {
    method: request.method,
    headers,
    signal: request.signal,
    ...(hasBody ? { body: request.body, duplex: "half" } : {}),
  } as RequestInit);
}

function isProduction(): boolean {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV === "production";
}

const warn = (violation: Violation) => console.warn(`mindvideo/mock: contract violation: ${violation.line}`);

export function createMock(options: MockOptions = {}): Mock {
  const mode = options.clock ?? "system";
  if (mode !== "system" && mode !== "manual") throw new TypeError(`createMock: clock must be "system" or "manual" (got ${JSON.stringify(mode)})`);
  const manual = mode === "manual" ? createManualMockClock(options.startTime ?? Date.now()) : undefined;
  const clock: MockClock = manual ?? createSystemMockClock();
  const router = createRouter(options.baseUrls, options.proxies);
  const simulator = createSimulator({
    clock,
    timing: options.timing,
    scenario: options.scenario,
    ...(options.linkTtlMs === undefined ? {} : { linkTtlMs: options.linkTtlMs }),
  });
  const engine = createEngine(simulator, options.onViolation ?? (isProduction() ? undefined : warn));

  async function handle(request: Request): Promise<Response | undefined> {
    const route = router.match(request.url);
    if (!route) return undefined;
    if (request.signal?.aborted) throw request.signal.reason;
    // The answer comes in a later task, as a real fetch's does: answered in microtasks alone, a client
    // that fetches in a loop without sleeping would starve the event loop (and advance() with it).
    const routed = rewritten(request, route);
    const work = nextTurn().then(() => engine.answer(route.provider, routed));
    return manual ? manual.track(work) : work;
  }

  return {
    async fetch(input, init) {
      const request = new Request(input, init);
      const response = await handle(request);
      if (response) return response;
      const known = [...router.baseUrls.mindvideo, ...router.baseUrls.gateway].join(", ");
      throw new TypeError(`mindvideo/mock: ${request.method} ${request.url} is not a mocked URL (mocked: ${known}; add more with createMock({ baseUrls }))`);
    },
    handle,
    answers: (url) => router.match(url) !== undefined,
    clock,
    async advance(ms) {
      if (!manual) throw new TypeError('mock.advance(ms) needs a manual clock: createMock({ clock: "manual" })');
      await manual.advance(ms);
    },
    reset() {
      simulator.reset();
      engine.violations.clear();
    },
    tasks: () => simulator.tasks(),
    violations: () => engine.violations.list(),
    scenario: () => simulator.scenario(),
    setScenario: (scenario) => simulator.setScenario(scenario),
    baseUrls: router.baseUrls,
    close: () => simulator.close(),
  };
}
