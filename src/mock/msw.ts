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

/** The URL patterns (MSW syntax) a mock answers: every base URL's subtree, and `/__mock/` at each origin. */
export function mockPatterns(mock: Pick<Mock, "baseUrls">): string[] {
  const bases = [...mock.baseUrls.mindvideo, ...mock.baseUrls.gateway];
  const patterns = bases.flatMap((base) => {
    const url = new URL(base);
    return [`${url.origin}${url.pathname.replace(/\/+$/, "")}/*`, `${url.origin}/__mock/*`];
  });
  return [...new Set(patterns)];
}

/** MSW handlers answering both APIs from `mock` (default: a new `createMock()`, wall-clock time). */
export function createHandlers(mock: Mock = createMock()): HttpHandler[] {
  return mockPatterns(mock).map((pattern) =>
    http.all(pattern, async ({ request }) => {
      // undefined: not ours after all (MSW moves on to other handlers, then onUnhandledRequest).
      return mock.handle(request);
    }),
  );
}
