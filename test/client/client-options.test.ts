/**
 * Client options checked when the client is made, before anything is sent: where the key comes
 * from, what a key, a base URL, a count or a header may be, the browser refusal, and which values
 * become secrets. Messages must name the option and never the key.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { APIError, MindVideo, MindVideoError, VideoGateway } from "../../src/index.js";
import { json, recordingFetch, task } from "../helpers/recording-fetch.js";
import { virtualClock } from "../helpers/virtual-clock.js";

const KEY = "mv_key_0123456789abcdef";
const BASE = "https://api.test";
const saved = process.env.MINDVIDEO_API_KEY;

afterEach(() => {
  vi.unstubAllGlobals();
  if (saved === undefined) delete process.env.MINDVIDEO_API_KEY;
  else process.env.MINDVIDEO_API_KEY = saved;
});

type Options = ConstructorParameters<typeof MindVideo>[0] & object;
const make = (options: Record<string, unknown>) => () => new MindVideo({ fetch: recordingFetch([json(200, task())]).fetch, ...options } as Options);
const messageOf = (build: () => unknown): string => {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(MindVideoError);
    return (error as Error).message;
  }
  throw new Error("no error thrown");
};

describe("option values refused when the client is made", () => {
  it.each<[string, { given: Record<string, unknown>; want: string }]>([
    ["a key that is not a string", { given: { apiKey: 12345, baseUrl: BASE }, want: "MindVideo: the API key (the apiKey option) must be a string (got number)" }],
    ["a key with a line break", { given: { apiKey: `${KEY}\n`, baseUrl: BASE }, want: `MindVideo: the API key (the apiKey option) contains a line break at character ${KEY.length + 1} of ${KEY.length + 1}; an API key is printable ASCII without spaces (check for a stray newline or quotes in your .env)` }],
    ["a key with a carriage return", { given: { apiKey: `ab\rcd`, baseUrl: BASE }, want: "contains a line break at character 3 of 5" }],
    ["a key with a space", { given: { apiKey: "ab cd", baseUrl: BASE }, want: "contains whitespace at character 3 of 5" }],
    ["a key with a tab", { given: { apiKey: "abc\td", baseUrl: BASE }, want: "contains whitespace at character 4 of 5" }],
    ["a key with a NUL", { given: { apiKey: "a\0", baseUrl: BASE }, want: "contains a control character at character 2 of 2" }],
    ["a key with a unit separator", { given: { apiKey: "a\x1f", baseUrl: BASE }, want: "contains a control character at character 2 of 2" }],
    ["a key with DEL", { given: { apiKey: "a\x7f", baseUrl: BASE }, want: "contains a control character at character 2 of 2" }],
    ["a key with a non-ASCII letter", { given: { apiKey: "clé", baseUrl: BASE }, want: "contains a non-ASCII character at character 3 of 3" }],
    ["a key with a no-break space", { given: { apiKey: "a\u00a0b", baseUrl: BASE }, want: "contains a non-ASCII character at character 2 of 3" }],
    ["a base URL that is not a string", { given: { apiKey: KEY, baseUrl: 42 }, want: "MindVideo: baseUrl must be a string (got number)" }],
    ["a base URL with credentials", { given: { apiKey: KEY, baseUrl: "https://user:pw@api.test" }, want: "MindVideo: baseUrl must not carry credentials (user:password@ before the host); pass the key as apiKey (URL not shown)" }],
    ["a base URL with only a user", { given: { apiKey: KEY, baseUrl: "https://user@api.test" }, want: "baseUrl must not carry credentials" }],
    ["a base URL with only a password", { given: { apiKey: KEY, baseUrl: "https://:pw@api.test" }, want: "baseUrl must not carry credentials" }],
    ["a base URL that is not http(s)", { given: { apiKey: KEY, baseUrl: "ftp://api.test" }, want: "MindVideo: baseUrl must be an http(s) URL (got ftp:)" }],
    ["a base URL with a very long scheme", { given: { apiKey: KEY, baseUrl: `${"s".repeat(40)}:x` }, want: `MindVideo: baseUrl must be an http(s) URL (got ${"s".repeat(32)})` }],
    ["a negative maxRetries", { given: { apiKey: KEY, baseUrl: BASE, maxRetries: -1 }, want: "MindVideo: maxRetries must be a finite number ≥ 0 (got -1)" }],
    ["a string timeoutMs", { given: { apiKey: KEY, baseUrl: BASE, timeoutMs: "60000" }, want: "MindVideo: timeoutMs must be a finite number ≥ 0 (got 60000)" }],
    ["an infinite maxResponseBytes", { given: { apiKey: KEY, baseUrl: BASE, maxResponseBytes: Infinity }, want: "MindVideo: maxResponseBytes must be a finite number ≥ 0 (got Infinity)" }],
    ["a NaN retry.initialDelayMs", { given: { apiKey: KEY, baseUrl: BASE, retry: { initialDelayMs: NaN } }, want: "MindVideo: retry.initialDelayMs must be a finite number ≥ 0 (got NaN)" }],
    ["a negative retry.maxDelayMs", { given: { apiKey: KEY, baseUrl: BASE, retry: { maxDelayMs: -1 } }, want: "MindVideo: retry.maxDelayMs must be a finite number ≥ 0 (got -1)" }],
    ["a negative retry.maxRetryAfterMs", { given: { apiKey: KEY, baseUrl: BASE, retry: { maxRetryAfterMs: -1 } }, want: "MindVideo: retry.maxRetryAfterMs must be a finite number ≥ 0 (got -1)" }],
    ["a negative retry.minDelayMs", { given: { apiKey: KEY, baseUrl: BASE, retry: { minDelayMs: -1 } }, want: "MindVideo: retry.minDelayMs must be a finite number ≥ 0 (got -1)" }],
    ["a jitter above 1", { given: { apiKey: KEY, baseUrl: BASE, retry: { jitter: 1.01 } }, want: "MindVideo: retry.jitter must be a number from 0 to 1 (got 1.01)" }],
    ["a negative jitter", { given: { apiKey: KEY, baseUrl: BASE, retry: { jitter: -0.01 } }, want: "MindVideo: retry.jitter must be a number from 0 to 1 (got -0.01)" }],
    ["a NaN jitter", { given: { apiKey: KEY, baseUrl: BASE, retry: { jitter: NaN } }, want: "MindVideo: retry.jitter must be a number from 0 to 1 (got NaN)" }],
    ["headers that are not an object", { given: { apiKey: KEY, baseUrl: BASE, headers: "X-A: 1" }, want: "MindVideo: headers must be an object of header names to string values" }],
    ["a header name with a space", { given: { apiKey: KEY, baseUrl: BASE, headers: { "X A": "1" } }, want: 'MindVideo: headers: "X A" is not a valid header name' }],
    ["a very long bad header name, cut at 64", { given: { apiKey: KEY, baseUrl: BASE, headers: { [`${"n".repeat(70)}:`]: "1" } }, want: `MindVideo: headers: "${"n".repeat(64)}" is not a valid header name` }],
    ["a header value that is a number", { given: { apiKey: KEY, baseUrl: BASE, headers: { "X-A": 1 } }, want: "MindVideo: headers: the value of X-A must be a string (got number)" }],
    ["a header value that is null", { given: { apiKey: KEY, baseUrl: BASE, headers: { "X-A": null } }, want: "MindVideo: headers: the value of X-A must be a string (got null)" }],
    ["a header value with a control character", { given: { apiKey: KEY, baseUrl: BASE, headers: { "X-A": "a\x01b" } }, want: "MindVideo: headers: the value of X-A contains a line break or control character (value not shown)" }],
  ])("%s", (_name, { given, want }) => {
    expect(messageOf(make(given))).toContain(want);
  });

  it("a key read from the environment is named by its variable", () => {
    process.env.MINDVIDEO_API_KEY = `${KEY} `;
    expect(messageOf(make({ baseUrl: BASE }))).toContain("MindVideo: the API key (MINDVIDEO_API_KEY) contains whitespace");
  });

  it.each<[string, Record<string, unknown>]>([
    ["zero counts", { maxRetries: 0, timeoutMs: 0, maxResponseBytes: 0, retry: { initialDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0, minDelayMs: 0 } }],
    ["jitter 0", { retry: { jitter: 0 } }],
    ["jitter 1", { retry: { jitter: 1 } }],
    ["a header value with a tab and Latin-1 bytes", { headers: { "X-A": "a\tb\u00e9" } }],
    ["a relative base URL (resolved by the browser)", { baseUrl: "/api/mindvideo" }],
    ["headers: undefined", { headers: undefined }],
  ])("accepted: %s", (_name, given) => {
    expect(make({ apiKey: KEY, baseUrl: BASE, ...given })).not.toThrow();
  });
});

describe("where the key comes from", () => {
  it.each<[string, { given: { option?: unknown; env?: string; deno?: () => string }; want: string | undefined | "refused" }]>([
    ["the apiKey option", { given: { option: KEY, env: "env_key_0123456789" }, want: `Bearer ${KEY}` }],
    ["the environment variable", { given: { env: "env_key_0123456789" }, want: "Bearer env_key_0123456789" }],
    ["an empty variable counts as none", { given: { env: "" }, want: "refused" }],
    ["Deno's env when there is no process.env value", { given: { deno: () => "deno_key_0123456789" }, want: "Bearer deno_key_0123456789" }],
    ["Deno's env without --allow-env (it throws): none", { given: { deno: () => { throw new Error("PermissionDenied"); } }, want: "refused" }],
  ])("%s", async (_name, { given, want }) => {
    if (given.env === undefined) delete process.env.MINDVIDEO_API_KEY;
    else process.env.MINDVIDEO_API_KEY = given.env;
    if (given.deno) vi.stubGlobal("Deno", { env: { get: (name: string) => (name === "MINDVIDEO_API_KEY" ? given.deno!() : undefined) } });
    const { fetch, attempts } = recordingFetch([json(200, task({ task_id: "t1" }))]);
    // Against the provider's own server, where a key is required.
    const build = () => new MindVideo({ fetch, ...(given.option === undefined ? {} : { apiKey: given.option as string }) });
    if (want === "refused") {
      expect(messageOf(build)).toBe("MindVideo: no API key. Set the MINDVIDEO_API_KEY environment variable or pass apiKey; nothing was sent.");
      return;
    }
    await build().tasks.get("t1");
    expect(attempts[0]!.headers.authorization).toBe(want);
  });

  it.each<[string, { given: Record<string, unknown>; want: "refused" | "allowed" }]>([
    ["the provider's base URL with a trailing slash still needs a key", { given: { baseUrl: "https://api.mindvideo.ai/" }, want: "refused" }],
    ["apiKey null opts out", { given: { apiKey: null }, want: "allowed" }],
    ["an empty apiKey counts as none", { given: { apiKey: "" }, want: "refused" }],
  ])("%s", (_name, { given, want }) => {
    delete process.env.MINDVIDEO_API_KEY;
    const build = make(given);
    if (want === "refused") expect(messageOf(build)).toMatch(/^MindVideo: no API key/);
    else expect(build).not.toThrow();
  });

  it("a trailing slash on baseUrl is dropped from every request URL", async () => {
    const { fetch, attempts } = recordingFetch([json(200, task({ task_id: "t1" }))]);
    await new MindVideo({ apiKey: KEY, baseUrl: `${BASE}//`, fetch }).tasks.get("t1");
    expect(attempts[0]!.url).toBe(`${BASE}/api/v1/tasks/t1`);
  });
});

describe("a key in a browser", () => {
  const browser = () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
  };

  it.each<[string, { given: { window: boolean; document: boolean; options: Record<string, unknown> }; want: "refused" | "allowed" }]>([
    ["window and document with a key: refused", { given: { window: true, document: true, options: { apiKey: KEY } }, want: "refused" }],
    ["window and document, dangerouslyAllowBrowser", { given: { window: true, document: true, options: { apiKey: KEY, dangerouslyAllowBrowser: true } }, want: "allowed" }],
    ["window and document without a key (through a proxy)", { given: { window: true, document: true, options: { apiKey: null, baseUrl: "/api/mindvideo" } }, want: "allowed" }],
    ["a window without a document (a worker shim)", { given: { window: true, document: false, options: { apiKey: KEY } }, want: "allowed" }],
    ["a document without a window (a DOM shim in a server)", { given: { window: false, document: true, options: { apiKey: KEY } }, want: "allowed" }],
  ])("%s", (_name, { given, want }) => {
    if (given.window && given.document) browser();
    else if (given.window) vi.stubGlobal("window", {});
    else if (given.document) vi.stubGlobal("document", {});
    const build = make({ baseUrl: BASE, ...given.options });
    if (want === "refused") expect(messageOf(build)).toBe("MindVideo: refusing to use an API key in a browser, where any visitor could read it. Call the API from your server (see createProxyHandler), or pass dangerouslyAllowBrowser: true if you understand the risk.");
    else expect(build).not.toThrow();
  });
});

describe("defaults and secrets", () => {
  it("without options: 2 retries on the system clock's backoff, validation on", async () => {
    const { fetch, attempts } = recordingFetch([json(503, {})]);
    const mv = new MindVideo({ apiKey: KEY, baseUrl: BASE, fetch, retry: { initialDelayMs: 1, maxDelayMs: 1, minDelayMs: 1 } });
    await expect(mv.tasks.get("t1")).rejects.toBeInstanceOf(APIError);
    expect(attempts).toHaveLength(3);
    await expect(mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: "p", duration: -3 } } as never)).rejects.toThrow(/duration/);
    expect(attempts).toHaveLength(3);
  });

  it("validate: false sends what schema validation would refuse", async () => {
    const { fetch, attempts } = recordingFetch([json(200, task({ task_id: "t1" }))]);
    const mv = new MindVideo({ apiKey: KEY, baseUrl: BASE, fetch, validate: false });
    await mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: "p", duration: -3 } } as never);
    expect(attempts).toHaveLength(1);
  });

  it.each<[string, { given: Record<string, string>; echoed: string; want: string }]>([
    ["a credential header's value", { given: { "X-Api-Key": "hdr_secret_0123456789" }, echoed: "hdr_secret_0123456789", want: "400 bad [redacted]" }],
    ["the token of a credential header with a scheme", { given: { "X-Upstream-Auth": "Token tok_abcdefgh12" }, echoed: "tok_abcdefgh12", want: "400 bad [redacted]" }],
    ["a short token after a scheme stays (too short to be told from words)", { given: { "X-Upstream-Auth": "Token abc" }, echoed: "abc", want: "400 bad abc" }],
    ["a header that is not a credential is no secret", { given: { "X-Trace": "trace_0123456789" }, echoed: "trace_0123456789", want: "400 bad trace_0123456789" }],
  ])("scrubbed from errors: %s", async (_name, { given, echoed, want }) => {
    const { fetch } = recordingFetch([json(400, { error: { message: `bad ${echoed}` } })]);
    const mv = new MindVideo({ apiKey: null, baseUrl: BASE, fetch, headers: given, maxRetries: 0, clock: virtualClock() });
    const error = await mv.tasks.get("t1").catch((e: unknown) => e);
    expect((error as Error).message).toBe(want);
  });

  it("the gateway names itself in its messages", () => {
    expect(() => new VideoGateway({ apiKey: KEY, baseUrl: BASE, maxRetries: -2 })).toThrow("VideoGateway: maxRetries must be a finite number ≥ 0 (got -2)");
  });
});
