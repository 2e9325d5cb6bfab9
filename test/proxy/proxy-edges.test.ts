import { describe, expect, it, vi } from "vitest";
import { MindVideoError } from "../../src/errors.js";
import { createProxyHandler, DEFAULT_PROXY_OPTIONS, type ProxyOptions } from "../../src/proxy.js";
import { json, recordingFetch, task, type Reply } from "../helpers/recording-fetch.js";

/** The three MindVideo models the seeds document (000, 001, 002); the gateway's model is another provider's. */
const MINDVIDEO_MODELS = ["apimart-doubao-seedance-4-0", "doubao-seedance-1-0-pro-quality", "doubao-seedance-2-0-fast"];
const GATEWAY_MODEL = "doubao-seedance-1.0-pro-fast";
const KEY = "mv_live_SERVER_SIDE_KEY_123";
const APP = "https://app.example/api/mindvideo";
const valid = { model: "doubao-seedance-2-0-fast", input: { prompt: "neon rain" } };

const setup = (options: ProxyOptions = {}, reply: Reply = json(200, task())) => {
  const upstream = recordingFetch([reply]);
  const handler = createProxyHandler({ apiKey: KEY, baseUrl: "https://api.test", fetch: upstream.fetch, ...options });
  return { handler, upstream: upstream.attempts };
};
const post = (body: unknown, headers: Record<string, string> = {}, path = "/api/v1/tasks") =>
  new Request(`${APP}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
const streamOf = (start: (controller: ReadableStreamDefaultController<Uint8Array>) => void) => new ReadableStream<Uint8Array>({ start });
const streamedPost = (stream: ReadableStream<Uint8Array>) =>
  new Request(`${APP}/api/v1/tasks`, { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
const never = () => streamOf(() => {});

async function problemOf(response: Response): Promise<Record<string, unknown> & { status: number }> {
  return { status: response.status, ...((await response.json()) as { error: Record<string, unknown> }).error };
}

describe("createProxyHandler refuses bad settings when it is created", () => {
  it.each([
    ["a negative maxBodyBytes", { given: { maxBodyBytes: -1 }, want: "createProxyHandler: maxBodyBytes must be a finite number ≥ 0 (got -1)" }],
    ["a NaN bodyTimeoutMs", { given: { bodyTimeoutMs: Number.NaN }, want: "createProxyHandler: bodyTimeoutMs must be a finite number ≥ 0 (got NaN)" }],
    ["an infinite upstreamTimeoutMs", { given: { upstreamTimeoutMs: Infinity }, want: "createProxyHandler: upstreamTimeoutMs must be a finite number ≥ 0 (got Infinity)" }],
    ["a maxResponseBytes given as text", { given: { maxResponseBytes: "10" as never }, want: "createProxyHandler: maxResponseBytes must be a finite number ≥ 0 (got 10)" }],
    ["a key with a line break", { given: { apiKey: "mv_live_abc\n" }, want: "createProxyHandler: the API key (the apiKey option) contains a line break" }],
    ["a base URL with credentials", { given: { baseUrl: "https://user:pw@api.test" }, want: "createProxyHandler: baseUrl must not carry credentials" }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(() => createProxyHandler({ apiKey: KEY, baseUrl: "https://api.test", ...given })).toThrow(MindVideoError);
    expect(() => createProxyHandler({ apiKey: KEY, baseUrl: "https://api.test", ...given })).toThrow(want);
  });

  it("accepts every limit at 0", () => {
    expect(() => createProxyHandler({ apiKey: KEY, maxBodyBytes: 0, bodyTimeoutMs: 0, upstreamTimeoutMs: 0, maxResponseBytes: 0 })).not.toThrow();
  });

  it("names MINDVIDEO_API_KEY when the bad key came from the environment", () => {
    const saved = process.env.MINDVIDEO_API_KEY;
    process.env.MINDVIDEO_API_KEY = "mv live";
    try {
      expect(() => createProxyHandler({ baseUrl: "https://api.test" })).toThrow("createProxyHandler: the API key (MINDVIDEO_API_KEY) contains whitespace");
    } finally {
      if (saved === undefined) delete process.env.MINDVIDEO_API_KEY;
      else process.env.MINDVIDEO_API_KEY = saved;
    }
  });

  it("its defaults: mounted at /api/mindvideo, 10 MiB bodies in 30 s, 60 s and 16 MiB upstream, validating", () => {
    expect(DEFAULT_PROXY_OPTIONS).toEqual({ mountPath: "/api/mindvideo", maxBodyBytes: 10 * 1024 * 1024, bodyTimeoutMs: 30_000, upstreamTimeoutMs: 60_000, maxResponseBytes: 16 * 1024 * 1024, validate: true });
    expect(Object.isFrozen(DEFAULT_PROXY_OPTIONS)).toBe(true);
  });
});

describe("the proxy's own answers: JSON problems that are never run as a page", () => {
  it.each([
    ["no key (500)", { given: { options: { apiKey: "" }, request: post(valid) }, want: { status: 500, code: "proxy_not_configured", type: "proxy_error", message: "The proxy has no API key (set MINDVIDEO_API_KEY on the server)." } }],
    ["another path (404)", { given: { options: {}, request: new Request("https://app.example/other/api/v1/tasks") }, want: { status: 404, code: "not_found", type: "not_found_error", message: "Not a proxied path: /other/api/v1/tasks" } }],
    ["the mount itself (404)", { given: { options: {}, request: new Request("https://app.example/api/mindvideo") }, want: { status: 404, code: "not_found", type: "not_found_error", message: "Not a proxied path: /api/mindvideo" } }],
    ["a path that only starts like the mount (404)", { given: { options: {}, request: new Request("https://app.example/api/mindvideox/api/v1/tasks") }, want: { status: 404, code: "not_found", message: "Not a proxied path: /api/mindvideox/api/v1/tasks" } }],
    ["an endpoint that is not a task endpoint (404)", { given: { options: {}, request: new Request(`${APP}/api/v1/tasks/t1`, { method: "DELETE" }) }, want: { status: 404, code: "not_found", message: "Only the task endpoints are proxied (not DELETE /api/v1/tasks/t1)" } }],
    ["a task id that is a path segment (404)", { given: { options: {}, request: new Request(`${APP}/api/v1/tasks/%2E%2E`) }, want: { status: 404, code: "not_found" } }],
    ["another site's request (403)", { given: { options: {}, request: post(valid, { "sec-fetch-site": "Cross-Site" }) }, want: { status: 403, code: "cross_site_request", type: "permission_error", message: "Requests from other sites are not proxied" } }],
    ["a form post (415)", { given: { options: {}, request: post("model=x", { "content-type": "application/x-www-form-urlencoded" }) }, want: { status: 415, code: "unsupported_media_type", type: "invalid_request_error", message: 'The request body must be sent as application/json (got "application/x-www-form-urlencoded")' } }],
    ["text/plain (415)", { given: { options: {}, request: post(JSON.stringify(valid), { "content-type": "text/plain" }) }, want: { status: 415, message: 'The request body must be sent as application/json (got "text/plain")' } }],
    ["a type that only starts with application/json (415)", { given: { options: {}, request: post(valid, { "content-type": "application/jsonx" }) }, want: { status: 415, message: 'The request body must be sent as application/json (got "application/jsonx")' } }],
    ["a body over the declared limit (413)", { given: { options: { maxBodyBytes: 10 }, request: post(valid) }, want: { status: 413, code: "request_too_large", type: "request_too_large_error", message: "The request body exceeds 10 bytes; upload large files and send their URLs instead of data URIs" } }],
    ["a body that is not JSON (400)", { given: { options: {}, request: post("{nope") }, want: { status: 400, code: "invalid_json", type: "invalid_request_error", message: "The request body is not JSON" } }],
    ["a JSON array (400)", { given: { options: {}, request: post("[]") }, want: { status: 400, code: "invalid_json", message: "The request body must be a JSON object" } }],
    ["JSON null (400)", { given: { options: {}, request: post("null") }, want: { status: 400, code: "invalid_json", message: "The request body must be a JSON object" } }],
    ["a JSON string (400)", { given: { options: {}, request: post('"x"') }, want: { status: 400, code: "invalid_json", message: "The request body must be a JSON object" } }],
    ["no model (403)", { given: { options: { allowModels: ["doubao-seedance-2-0-fast"] }, request: post({ input: {} }) }, want: { status: 403, code: "model_not_allowed", type: "permission_error", param: "model", message: "Model undefined is not allowed here; allowed: doubao-seedance-2-0-fast" } }],
    ["a model that is a number (403)", { given: { options: { allowModels: ["doubao-seedance-2-0-fast"] }, request: post({ model: 7 }) }, want: { status: 403, param: "model", message: "Model 7 is not allowed here; allowed: doubao-seedance-2-0-fast" } }],
    ["bad input (400, the field as param)", { given: { options: {}, request: post({ model: "doubao-seedance-2-0-fast", input: { prompt: "p", resolution: "4K" } }) }, want: { status: 400, code: "invalid_input", type: "invalid_request_error", param: "input.resolution", message: "input.resolution must be one of 480p, 720p for doubao-seedance-2-0-fast" } }],
  ] as const)("%s", async (_name, { given, want }) => {
    const { handler, upstream } = setup(given.options as ProxyOptions);
    const response = await handler(given.request);
    expect(await problemOf(response.clone())).toMatchObject(want);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    if (!("param" in want)) expect("param" in (await response.json()).error).toBe(false);
    expect(upstream).toHaveLength(0);
  });

  it("cuts a long path in its message to 200 characters", async () => {
    const { handler } = setup();
    const long = `/x${"a".repeat(300)}`;
    expect((await problemOf(await handler(new Request(`https://app.example${long}`)))).message).toBe(`Not a proxied path: ${long.slice(0, 200)}`);
    const inside = `/api/v1/${"b".repeat(300)}`;
    expect((await problemOf(await handler(new Request(`${APP}${inside}`)))).message).toBe(`Only the task endpoints are proxied (not GET ${inside.slice(0, 200)})`);
  });

  it("cuts a long model name and a long media type", async () => {
    const { handler } = setup({ allowModels: ["m"] });
    const model = "z".repeat(300);
    expect((await problemOf(await handler(post({ model })))).message).toBe(`Model ${JSON.stringify(model).slice(0, 200)} is not allowed here; allowed: m`);
    const type = `application/${"q".repeat(200)}`;
    expect((await problemOf(await handler(post(valid, { "content-type": type })))).message).toBe(`The request body must be sent as application/json (got ${JSON.stringify(type.slice(0, 100))})`);
  });

  it("by default allows the MindVideo models and not the gateway's", async () => {
    const { handler } = setup();
    const refused = await problemOf(await handler(post({ model: GATEWAY_MODEL, input: { prompt: "p" } })));
    expect(refused.status).toBe(403);
    const allowed = String(refused.message).split("allowed: ")[1]!.split(", ").sort();
    expect(allowed).toEqual(MINDVIDEO_MODELS);
  });
});

describe("what the proxy forwards", () => {
  it.each([
    ["application/json with a charset", "application/json; charset=utf-8"],
    ["capitals", "Application/JSON"],
    ["a +json type", "application/vnd.api+json"],
  ])("a JSON body sent as %s", async (_name, contentType) => {
    const { handler, upstream } = setup();
    expect((await handler(post(valid, { "content-type": contentType }))).status).toBe(200);
    expect(upstream[0]!.headers["content-type"]).toBe("application/json");
  });

  it("a body of exactly maxBodyBytes, declared and streamed", async () => {
    const text = JSON.stringify(valid);
    const { handler, upstream } = setup({ maxBodyBytes: text.length });
    expect((await handler(post(text))).status).toBe(200);
    expect((await handler(streamedPost(streamOf((c) => (c.enqueue(new TextEncoder().encode(text)), c.close()))))).status).toBe(200);
    expect(upstream).toHaveLength(2);
  });

  it("a streamed body one byte over the limit is refused", async () => {
    const text = JSON.stringify(valid);
    const { handler, upstream } = setup({ maxBodyBytes: text.length - 1 });
    expect((await problemOf(await handler(streamedPost(streamOf((c) => (c.enqueue(new TextEncoder().encode(text)), c.close())))))).code).toBe("request_too_large");
    expect(upstream).toHaveLength(0);
  });

  it("a request from the same site", async () => {
    const { handler } = setup();
    expect((await handler(post(valid, { "sec-fetch-site": "same-origin" }))).status).toBe(200);
  });

  it("only the allowed request headers, and its own key", async () => {
    const { handler, upstream } = setup();
    await handler(
      post(valid, { accept: "application/json", "idempotency-key": "k-1", "x-attempt-number": "2", prefer: "code=200", authorization: "Bearer browser", cookie: "s=1", "x-forwarded-for": "10.0.0.1", "x-api-key": "other" }),
    );
    const { host: _host, ...headers } = upstream[0]!.headers;
    expect(headers).toMatchObject({ accept: "application/json", "idempotency-key": "k-1", "x-attempt-number": "2", prefer: "code=200", authorization: `Bearer ${KEY}`, "content-type": "application/json" });
    expect(Object.keys(headers).sort()).toEqual(["accept", "authorization", "content-length", "content-type", "idempotency-key", "prefer", "x-attempt-number"].filter((n) => n in headers).sort());
    expect(headers["cookie"] ?? headers["x-forwarded-for"] ?? headers["x-api-key"]).toBeUndefined();
  });

  it("a GET carries no content type of its own and no body", async () => {
    const { handler, upstream } = setup();
    await handler(new Request(`${APP}/api/v1/tasks/t1`, { headers: { accept: "application/json" } }));
    expect(upstream[0]!.headers["content-type"]).toBeUndefined();
    expect(upstream[0]!.headers.accept).toBe("application/json");
    expect(upstream[0]!.method).toBe("GET");
  });

  it("what it checked: __proto__ keys are dropped", async () => {
    const { handler, upstream } = setup();
    await handler(post('{"model":"doubao-seedance-2-0-fast","input":{"prompt":"p","__proto__":{"polluted":1}},"__proto__":{"x":1}}'));
    expect(upstream[0]!.body).toBe('{"model":"doubao-seedance-2-0-fast","input":{"prompt":"p"}}');
  });

  it("invalid input when validation is off (the upstream decides)", async () => {
    const { handler, upstream } = setup({ validate: false });
    expect((await handler(post({ model: "doubao-seedance-2-0-fast", input: { prompt: "p", resolution: "4K" } }))).status).toBe(200);
    expect(upstream).toHaveLength(1);
  });

  it.each([
    ["a task's query string is not forwarded", { given: "/api/v1/tasks/t1?x=1", want: "https://api.test/api/v1/tasks/t1" }],
    ["the events' query string is", { given: "/api/v1/tasks/t1/events?after=3", want: "https://api.test/api/v1/tasks/t1/events?after=3" }],
    ["ids with every allowed character", { given: "/api/v1/tasks/a.b_c:d~e-f", want: "https://api.test/api/v1/tasks/a.b_c:d~e-f" }],
  ] as const)("%s", async (_name, { given, want }) => {
    const { handler, upstream } = setup();
    expect((await handler(new Request(`${APP}${given}`))).status).toBe(200);
    expect(upstream[0]!.url).toBe(want);
  });

  it.each([
    ["a base URL with trailing slashes", { given: { baseUrl: "https://api.test//" }, want: "https://api.test/api/v1/tasks" }],
    ["a base URL with a path", { given: { baseUrl: "https://api.test/prefix/" }, want: "https://api.test/prefix/api/v1/tasks" }],
  ] as const)("%s", async (_name, { given, want }) => {
    const { handler, upstream } = setup(given);
    await handler(post(valid));
    expect(upstream[0]!.url).toBe(want);
  });

  it("the seeds' server by default", async () => {
    const upstream = recordingFetch([json(200, task())]);
    await createProxyHandler({ apiKey: KEY, fetch: upstream.fetch })(post(valid));
    expect(upstream.attempts[0]!.url).toBe("https://api.mindvideo.ai/api/v1/tasks");
  });

  it.each([
    ["a mount path with a trailing slash", { given: "/proxy/", want: 200 }],
    ["a mount path without one", { given: "/proxy", want: 200 }],
  ] as const)("%s", async (_name, { given, want }) => {
    const { handler, upstream } = setup({ mountPath: given });
    expect((await handler(new Request("https://app.example/proxy/api/v1/tasks/t1"))).status).toBe(want);
    expect(upstream[0]!.url).toBe("https://api.test/api/v1/tasks/t1");
    expect((await handler(new Request("https://app.example/proxyx/api/v1/tasks/t1"))).status).toBe(404);
  });
});

describe("the body from the browser, bounded in time and broken streams", () => {
  it("408 when it does not arrive in time", async () => {
    const { handler, upstream } = setup({ bodyTimeoutMs: 0 });
    expect(await problemOf(await handler(streamedPost(never())))).toMatchObject({ status: 408, code: "request_timeout", type: "timeout_error", message: "The request body did not arrive within 0 ms" });
    expect(upstream).toHaveLength(0);
  });

  it("400 when it breaks off", async () => {
    const { handler, upstream } = setup();
    const broken = streamOf((c) => {
      c.enqueue(new TextEncoder().encode('{"model":'));
      c.error(new Error("connection reset"));
    });
    expect(await problemOf(await handler(streamedPost(broken)))).toMatchObject({ status: 400, code: "invalid_body", message: "The request body could not be read" });
    expect(upstream).toHaveLength(0);
  });

  it("a body in many chunks, multi-byte characters split between them", async () => {
    const { handler, upstream } = setup();
    const bytes = new TextEncoder().encode(JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "雨の夜" } }));
    const chunks = streamOf((c) => {
      for (let i = 0; i < bytes.length; i += 5) c.enqueue(bytes.slice(i, i + 5));
      c.close();
    });
    expect((await handler(streamedPost(chunks))).status).toBe(200);
    expect(JSON.parse(upstream[0]!.body).input.prompt).toBe("雨の夜");
  });
});

describe("the upstream's answer", () => {
  it("relayed with its status, status text and headers, hop and cookie headers dropped, the key scrubbed", async () => {
    const upstreamHeaders = {
      "content-type": "application/json",
      "x-request-id": "req-1",
      "x-echo": `Bearer ${KEY}`,
      "set-cookie": "session=upstream",
      connection: "keep-alive",
      "keep-alive": "timeout=5",
      location: "https://elsewhere.test/",
      "www-authenticate": "Bearer",
      "proxy-authenticate": "Basic",
      trailer: "x-sum",
      upgrade: "h2c",
      "access-control-allow-origin": "*",
      "Access-Control-Allow-Credentials": "true",
      "x-content-type-options": "sniff-please",
    };
    const { handler } = setup({}, new Response(JSON.stringify({ error: { message: `bad key ${KEY}` } }), { status: 401, statusText: `Unauthorized ${KEY}`, headers: upstreamHeaders }));
    const response = await handler(post(valid));
    expect(response.status).toBe(401);
    expect(response.statusText).toBe("Unauthorized [redacted]");
    expect(await response.text()).toBe(JSON.stringify({ error: { message: "bad key [redacted]" } }));
    expect(Object.fromEntries(response.headers.entries())).toEqual({
      "content-type": "application/json",
      "x-request-id": "req-1",
      "x-echo": "Bearer [redacted]",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
    });
  });

  it("a long status text is cut to 100 characters", async () => {
    const { handler } = setup({}, new Response("{}", { status: 200, statusText: "s".repeat(150) }));
    expect((await handler(post(valid))).statusText).toBe("s".repeat(100));
  });

  it.each([
    ["204", { given: 204 }],
    ["205", { given: 205 }],
    ["304", { given: 304 }],
  ] as const)("a %s keeps its status and has no body", async (_name, { given }) => {
    const { handler } = setup({}, new Response(null, { status: given }));
    const response = await handler(new Request(`${APP}/api/v1/tasks/t1`));
    expect(response.status).toBe(given);
    expect(response.body).toBeNull();
  });

  it.each([
    ["300", { given: 300, want: 502 }],
    ["301", { given: 301, want: 502 }],
    ["302", { given: 302, want: 502 }],
    ["307", { given: 307, want: 502 }],
    ["399", { given: 399, want: 502 }],
    ["400", { given: 400, want: 400 }],
    ["299", { given: 299, want: 299 }],
  ] as const)("a %s: redirects are not followed", async (_name, { given, want }) => {
    // A fresh answer per call (no clone): cancelling one branch of a tee waits for the other.
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: "https://api.test", fetch: async () => new Response("{}", { status: given, headers: { location: "https://elsewhere.test/" } }) });
    const response = await handler(post(valid));
    expect(response.status).toBe(want);
    if (want === 502) expect(await problemOf(response)).toMatchObject({ code: "upstream_redirect", type: "proxy_error", message: `The API answered with a redirect (${given}); the proxy does not follow redirects` });
  });

  it("an opaque redirect (fetch with redirect: manual in a browser) is not followed", async () => {
    const opaque = new Response(null, { status: 200 });
    Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: "https://api.test", fetch: async () => opaque });
    expect(await problemOf(await handler(post(valid)))).toMatchObject({ status: 502, code: "upstream_redirect" });
  });

  it("asks upstream not to follow redirects", async () => {
    let redirect: RequestRedirect | undefined;
    const { handler } = setup({}, (_attempt, request) => ((redirect = request.redirect), json(200, task())));
    await handler(post(valid));
    expect(redirect).toBe("manual");
  });

  it.each([
    ["an answer of exactly maxResponseBytes", { given: { size: 10, max: 10 }, want: 200 }],
    ["an answer one byte over", { given: { size: 11, max: 10 }, want: 502 }],
  ] as const)("%s", async (_name, { given, want }) => {
    const { handler } = setup({ maxResponseBytes: given.max }, new Response("x".repeat(given.size)));
    const response = await handler(post(valid));
    expect(response.status).toBe(want);
    if (want === 502) expect(await problemOf(response)).toMatchObject({ code: "upstream_response_too_large", message: `The API's answer exceeds ${given.max} bytes` });
    else expect(await response.text()).toBe("x".repeat(given.size));
  });

  it("an answer that breaks off: 502", async () => {
    const broken = () => new Response(streamOf((c) => (c.enqueue(new TextEncoder().encode("{")), c.error(new Error("reset")))));
    const { handler } = setup({}, broken);
    expect(await problemOf(await handler(post(valid)))).toMatchObject({ status: 502, code: "upstream_failed", message: "The API's answer broke off" });
  });

  it.each([
    ["an Error", { given: new Error(`getaddrinfo ENOTFOUND for ${KEY}`), want: "The API could not be reached: getaddrinfo ENOTFOUND for [redacted]" }],
    ["a long message, cut to 500", { given: new Error("e".repeat(600)), want: `The API could not be reached: ${"e".repeat(600)}`.slice(0, 500) }],
  ] as const)("unreachable, %s: 502 with the reason, scrubbed", async (_name, { given, want }) => {
    const { handler } = setup({}, given);
    expect(await problemOf(await handler(post(valid)))).toMatchObject({ status: 502, code: "upstream_unreachable", type: "proxy_error", message: want });
  });

  it("unreachable with a thrown string", async () => {
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: "https://api.test", fetch: () => Promise.reject("socket closed") });
    expect((await problemOf(await handler(post(valid)))).message).toBe("The API could not be reached: socket closed");
  });

  it("no answer in time: 504", async () => {
    const stall: Reply = (_a, request) => new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    const { handler } = setup({ upstreamTimeoutMs: 0 }, stall);
    expect(await problemOf(await handler(post(valid)))).toMatchObject({ status: 504, code: "upstream_timeout", type: "timeout_error", message: "The API did not answer within 0 ms" });
  });

  it("an answer whose body stalls past the deadline: 504", async () => {
    const stalling = () => new Response(streamOf((c) => c.enqueue(new TextEncoder().encode("{"))));
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: "https://api.test", upstreamTimeoutMs: 0, fetch: async () => stalling() });
    expect(await problemOf(await handler(post(valid)))).toMatchObject({ status: 504, code: "upstream_timeout" });
  });

  it("anything unexpected: 500 without the error's text", async () => {
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: "https://api.test", fetch: async () => null as never });
    expect(await problemOf(await handler(post(valid)))).toEqual({ status: 500, code: "proxy_failed", type: "proxy_error", message: "The proxy failed to handle this request" });
  });
});

describe("more request edges", () => {
  it("a POST without a content type: 415 naming none", async () => {
    const { handler, upstream } = setup();
    const request = new Request(`${APP}/api/v1/tasks`, { method: "POST", body: new TextEncoder().encode(JSON.stringify(valid)) });
    expect(request.headers.get("content-type")).toBeNull();
    expect(await problemOf(await handler(request))).toMatchObject({ status: 415, message: 'The request body must be sent as application/json (got "")' });
    expect(upstream).toHaveLength(0);
  });

  it("a media type with a space before its parameters is still JSON", async () => {
    const { handler } = setup();
    expect((await handler(post(valid, { "content-type": "application/json ; charset=utf-8" }))).status).toBe(200);
  });

  it.each([
    ["declared exactly at the limit", { given: 0, want: 200 }],
    ["declared one byte over", { given: 1, want: 413 }],
  ] as const)("a Content-Length %s", async (_name, { given, want }) => {
    const text = JSON.stringify(valid);
    const { handler } = setup({ maxBodyBytes: text.length });
    expect((await handler(post(text, { "content-length": String(text.length + given) }))).status).toBe(want);
  });

  it("a redirect without a body is refused too", async () => {
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: "https://api.test", fetch: async () => new Response(null, { status: 302, headers: { location: "https://elsewhere.test/" } }) });
    expect(await problemOf(await handler(post(valid)))).toMatchObject({ status: 502, code: "upstream_redirect" });
  });
});

describe("without a fetch option", () => {
  it("uses the global fetch, looked up when called", async () => {
    const upstream = recordingFetch([json(200, task())]);
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: "https://api.test" });
    vi.stubGlobal("fetch", upstream.fetch);
    try {
      expect((await handler(post(valid))).status).toBe(200);
      expect(upstream.attempts[0]!.url).toBe("https://api.test/api/v1/tasks");
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
