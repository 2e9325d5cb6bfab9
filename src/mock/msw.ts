/**
 * `mindvideo/mock/msw`: the in-process mock as MSW 2.x request handlers, for `setupWorker` in the
 * browser and `setupServer` in Node and test runners.
 *
 * ```ts
 * import { setupWorker } from "msw/browser";
 * import { createHandlers } from "mindvideo/mock/msw";
 * await setupWorker(...createHandlers()).start();
 * ```
 *
 * Handlers match only the mocked base URLs (and `/__mock/` at their origins); any other request is
 * left to MSW's `onUnhandledRequest`.
 */
import { http, type HttpHandler } from "msw";
import { createMock, type Mock } from "./index.js";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * The URLs a mock answers, as MSW patterns: every base URL's subtree, and `/__mock/` at each origin.
 * Regular expressions without groups, because MSW percent-decodes what a string pattern captures and
 * a malformed escape (`/tasks/%E0%A4%A`) would throw there instead of reaching the contract's 400.
 */
export function mockPatterns(mock: Pick<Mock, "baseUrls">): RegExp[] {
  const sources = [...mock.baseUrls.mindvideo, ...mock.baseUrls.gateway].flatMap((base) => {
    const url = new URL(base);
    return [`^${escape(`${url.origin}${url.pathname.replace(/\/+$/, "")}`)}(?:/.*)?$`, `^${escape(url.origin)}/__mock/.*$`];
  });
  return [...new Set(sources)].map((source) => new RegExp(source));
}

/** MSW has the body in memory already; a plain copy keeps the front's early cancel() off the interceptor's stream, which can stall. */
async function detached(request: Request): Promise<Request> {
  if (request.body === null || request.method === "GET" || request.method === "HEAD") return request;
  return new Request(request.url, { method: request.method, headers: request.headers, body: await request.arrayBuffer(), signal: request.signal });
}

/** MSW handlers answering both APIs from `mock` (default: a new `createMock()`, wall-clock time). */
export function createHandlers(mock: Mock = createMock()): HttpHandler[] {
  return mockPatterns(mock).map((pattern) =>
    // undefined: not ours after all (MSW moves on to other handlers, then onUnhandledRequest).
    http.all(pattern, async ({ request }) => mock.handle(await detached(request))),
  );
}
// The type the exported signatures above refer to.
export type { Mock, MockClock, Scenario, SimulatedTask, Violation, Clock, SimulatorClock, TimerHandle, Phase, Outcome, ProviderName } from "./index.js";
export { SCENARIOS } from "./index.js";
