import { describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  IdempotencyConflictError,
  InsufficientQuotaError,
  InternalServerError,
  MindVideo,
  MindVideoError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type DebugEvent,
} from "../../src/index.js";
import { inspect } from "node:util";
import { json, networkError, recordingFetch, task } from "../helpers/recording-fetch.js";

/** Every string reachable from `root` through own properties (any key kind) and prototypes' own data. */
function reachableStrings(root: unknown): string[] {
  const seen = new Set<unknown>();
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === "string") return void found.push(value);
    if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor && "value" in descriptor) visit(descriptor.value);
    }
    if (typeof value === "object") visit(Reflect.getPrototypeOf(value));
  };
  visit(root);
  return found;
}

const SECRET = "mv_live_TOPSECRET_0123456789";
const params = { model: "apimart-doubao-seedance-4-0", input: { prompt: "a panda in bamboo" } } as const;
const client = (fetch: (r: Request) => Promise<Response>, extra = {}) =>
  new MindVideo({ apiKey: SECRET, baseUrl: "https://api.test", fetch, maxRetries: 0, ...extra });

const envelope = (status: number) => ({
  error: { code: `code_${status}`, message: `message ${status}`, type: `type_${status}`, param: "input.prompt", fallback_suggestion: `try ${status}` },
  request_id: `req_${status}`,
});

describe("error classes", () => {
  const table: [number, new (...args: never[]) => APIError][] = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [402, InsufficientQuotaError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, IdempotencyConflictError],
    [413, PayloadTooLargeError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
  ];
  it.each(table)("%i maps to %o with every envelope field", async (status, ErrorClass) => {
    const { fetch } = recordingFetch([json(status, envelope(status), { "x-request-id": "req_header" })]);
    const error = await client(fetch).tasks.create(params, { idempotencyKey: "k1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(MindVideoError);
    expect(error).toMatchObject({
      status,
      code: `code_${status}`,
      type: `type_${status}`,
      param: "input.prompt",
      fallbackSuggestion: `try ${status}`,
      requestId: `req_${status}`,
      idempotencyKey: "k1",
      message: `${status} message ${status}`,
    });
    expect((error as APIError).headers["x-request-id"]).toBe("req_header");
  });

  it("an unlisted 4xx is a plain APIError", async () => {
    const { fetch } = recordingFetch([json(418, envelope(418))]);
    const error = await client(fetch).tasks.get("t").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).not.toBeInstanceOf(BadRequestError);
  });

  it("an HTML 502 page from a proxy gives InternalServerError with a readable message", async () => {
    const html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>";
    const { fetch } = recordingFetch([new Response(html, { status: 502, statusText: "Bad Gateway", headers: { "content-type": "text/html" } })]);
    const error = (await client(fetch).tasks.get("t").catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe("502 Bad Gateway (HTML page: 502 Bad Gateway)");
    expect(error.code).toBeUndefined();
  });

  it("a truncated JSON error body still gives the right class and a readable message", async () => {
    const { fetch } = recordingFetch([new Response('{"error": {"code": "rate_limit", "mess', { status: 429, statusText: "Too Many Requests", headers: { "content-type": "application/json" } })]);
    const error = (await client(fetch).tasks.get("t").catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toBe('429 Too Many Requests (unreadable JSON body: {"error": {"code": "rate_limit", "mess)');
  });

  it("an empty error body gives the status text", async () => {
    const { fetch } = recordingFetch([new Response("", { status: 401, statusText: "Unauthorized" })]);
    const error = (await client(fetch).tasks.get("t").catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe("401 Unauthorized");
  });
});

describe("secrets", () => {
  it("the API key is sent as a bearer token", async () => {
    const { fetch, attempts } = recordingFetch([json(200, task())]);
    await client(fetch).tasks.get("t");
    expect(attempts[0]!.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it("the key appears in no error, stack, JSON or debug event, whatever fails", async () => {
    const events: DebugEvent[] = [];
    const echoKey = (_a: unknown, request: Request) => json(401, { error: { code: "bad", message: "bad key", type: "authentication_error" } }, { "x-echo": request.headers.get("authorization") ?? "" });
    const failures = [
      echoKey,
      networkError("ECONNREFUSED"),
      new TypeError(`fetch failed: Authorization: Bearer ${SECRET}`),
      new Response("<html>oops</html>", { status: 500 }),
    ];
    const errors: unknown[] = [];
    for (const failure of failures) {
      const { fetch } = recordingFetch([failure]);
      errors.push(await client(fetch, { debug: (e: DebugEvent) => events.push(e) }).tasks.create(params).catch((e: unknown) => e));
    }
    expect(errors).toHaveLength(4);
    expect((errors[0] as { headers: Record<string, string> }).headers["x-echo"]).toBe("Bearer [redacted]");
    for (const error of errors) {
      const e = error as Error & { headers?: Record<string, string> };
      expect(e).toBeInstanceOf(MindVideoError);
      const rendered = [e.message, e.stack, JSON.stringify(e), String(e), JSON.stringify({ ...e })].join("\n");
      expect(rendered).not.toContain(SECRET);
    }
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(JSON.stringify(events)).toContain('"authorization":"[redacted]"');
  });

  it("the client object does not expose the key through any property, enumerable or not", () => {
    // JSON.stringify cannot see #private fields either way; walk every own key (symbols and
    // non-enumerables too) of everything reachable, and check the walk finds a key where one is.
    expect(reachableStrings({ nested: [{ hidden: Object.defineProperty({}, Symbol("k"), { value: SECRET }) }] })).toContain(SECRET);
    const mv = new MindVideo({ apiKey: SECRET });
    expect(reachableStrings(mv)).not.toContain(SECRET);
    expect(inspect(mv, { showHidden: true, depth: null, getters: true })).not.toContain(SECRET);
  });
});

describe("keys stay server-side", () => {
  const withBrowserGlobals = <T>(run: () => T): T => {
    const g = globalThis as Record<string, unknown>;
    g.window = {};
    g.document = {};
    try {
      return run();
    } finally {
      delete g.window;
      delete g.document;
    }
  };

  it("an apiKey in a browser throws", () => {
    expect(() => withBrowserGlobals(() => new MindVideo({ apiKey: SECRET }))).toThrow(/refusing to use an API key in a browser/);
  });
  it("the error does not repeat the key", () => {
    expect.assertions(3);
    try {
      withBrowserGlobals(() => new MindVideo({ apiKey: SECRET }));
    } catch (error) {
      expect(error).toBeInstanceOf(MindVideoError);
      expect((error as Error).message).toMatch(/refusing to use an API key/);
      expect(`${(error as Error).message}\n${(error as Error).stack}`).not.toContain(SECRET);
    }
  });
  it("dangerouslyAllowBrowser allows it", () => {
    expect(withBrowserGlobals(() => new MindVideo({ apiKey: SECRET, dangerouslyAllowBrowser: true }))).toBeInstanceOf(MindVideo);
  });
  it("no key (a same-origin proxy) is fine in a browser", () => {
    const saved = process.env.MINDVIDEO_API_KEY;
    delete process.env.MINDVIDEO_API_KEY;
    try {
      expect(withBrowserGlobals(() => new MindVideo({ baseUrl: "/api/mindvideo" }))).toBeInstanceOf(MindVideo);
    } finally {
      if (saved !== undefined) process.env.MINDVIDEO_API_KEY = saved;
    }
  });
  it("the key defaults to MINDVIDEO_API_KEY", async () => {
    process.env.MINDVIDEO_API_KEY = "mv_env_key";
    try {
      const { fetch, attempts } = recordingFetch([json(200, task())]);
      await new MindVideo({ fetch, baseUrl: "https://api.test" }).tasks.get("t");
      expect(attempts[0]!.headers.authorization).toBe("Bearer mv_env_key");
    } finally {
      delete process.env.MINDVIDEO_API_KEY;
    }
  });
});
