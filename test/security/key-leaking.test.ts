/** Class 2: the key (and any credential header) never leaves the SDK in any form: errors, causes, debug events, proxy answers. */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { MindVideo, MindVideoError, VideoGateway, type DebugEvent } from "../../src/index.js";
import { createProxyHandler } from "../../src/proxy.js";
import { sendJson, serverPerTest, type TestServer } from "./servers.js";

const KEY = "sk-live/Ab+Cd=Ef0123456789_xyzQRSTU"; // with the characters encoders touch
const serve = serverPerTest();

const b64 = (text: string) => Buffer.from(text).toString("base64");
type Echo = { status: number; reason?: string; body: string; headers?: Record<string, string> };
const echoes: [string, (key: string) => Echo][] = [
  ["verbatim in the JSON message", (k) => ({ status: 401, body: JSON.stringify({ error: { message: `key ${k} is disabled` } }) })],
  ["JSON with escaped slashes", (k) => ({ status: 401, body: `{"error":{"message":"key ${k.replace(/\//g, "\\/")} is disabled"}}` })],
  ["JSON \\u escapes", (k) => ({ status: 401, body: `{"error":{"message":"key ${[...k].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"}}` })],
  ["percent-encoded", (k) => ({ status: 400, body: `{"error":{"message":"bad url ?key=${encodeURIComponent(k)}"}}` })],
  ["fully percent-encoded, lower-case hex", (k) => ({ status: 400, body: `{"error":{"message":"${[...k].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("")}"}}` })],
  ["base64", (k) => ({ status: 401, body: `{"error":{"message":"token ${b64(k)}"}}` })],
  ["base64 inside Basic credentials", (k) => ({ status: 401, body: `{"error":{"message":"Basic ${b64(`user:${k}`)}"}}` })],
  ["base64url", (k) => ({ status: 401, body: `{"error":{"message":"${b64(`ab${k}`).replace(/\+/g, "-").replace(/\//g, "_")}"}}` })],
  ["in the reason phrase", (k) => ({ status: 401, reason: `Invalid key ${k}`, body: "" })],
  ["across the 200-character cut of a plain body", (k) => ({ status: 502, body: `${"x".repeat(190)} ${k} tail` })],
  ["inside an HTML title", (k) => ({ status: 502, body: `<html><title>bad ${k}</title></html>`, headers: { "content-type": "text/html" } })],
  ["in a response header", (k) => ({ status: 401, body: "{}", headers: { "x-echo": `Bearer ${k}` } })],
  ["as the request id", (k) => ({ status: 500, body: JSON.stringify({ error: { message: "oops" }, request_id: k }) })],
  ["in an unusable Location, across its 2048-character cut", (k) => ({ status: 302, body: "", headers: { location: `ftp://files.test/${"a".repeat(2010)}${k}` } })],
  ["HTML-escaped", (k) => ({ status: 401, body: `<p>${[...k].map((c) => `&#${c.charCodeAt(0)};`).join("")}</p>`, headers: { "content-type": "text/html" } })],
];

const echoServer = (echo: (key: string) => Echo) =>
  serve((req, res) => {
    const sent = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
    const { status, reason, body, headers } = echo(sent);
    res.writeHead(status, reason ?? "Error", { "content-type": "application/json", ...headers });
    res.end(body);
  });

/** Every 12-character window of the key, as it is and as base64 at each byte alignment: none may survive anywhere. */
const assertNoKey = (text: string, key = KEY) => {
  const forms = [key, b64(key).slice(0, -4), b64(`a${key}`).slice(4, -4), b64(`ab${key}`).slice(4, -4)];
  for (const form of [...forms, ...forms.slice(1).map((f) => f.replace(/\+/g, "-").replace(/\//g, "_"))])
    for (let i = 0; i + 12 <= form.length; i++) expect(text).not.toContain(form.slice(i, i + 12));
};
const render = (error: unknown): string => {
  const parts: string[] = [];
  for (let e = error as { message?: string; stack?: string; cause?: unknown } | undefined, depth = 0; e && depth < 10; e = e.cause as typeof e, depth++) {
    parts.push(String(e.message), String(e.stack), JSON.stringify(e), JSON.stringify({ ...e }));
  }
  return parts.join("\n");
};

describe("an echoed key is redacted before anything is shortened", () => {
  it.each(echoes)("client: %s", async (_name, echo) => {
    const server = await echoServer(echo);
    const events: DebugEvent[] = [];
    const error = await new MindVideo({ apiKey: KEY, baseUrl: server.url, maxRetries: 0, debug: (e) => events.push(e) }).tasks.get("t1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MindVideoError);
    assertNoKey(render(error));
    assertNoKey(JSON.stringify(events));
  });

  it.each(echoes)("proxy: %s", async (_name, echo) => {
    const server = await echoServer(echo);
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: server.url });
    const response = await handler(new Request("http://app.test/api/mindvideo/api/v1/tasks/t1"));
    assertNoKey(`${response.statusText}\n${[...response.headers].join("\n")}\n${await response.text()}`);
  });

  it("a key shorter than 8 characters is redacted where it stands as a token", async () => {
    const server = await echoServer((k) => ({ status: 401, body: JSON.stringify({ error: { message: `key ${k} rejected; keys like ${k}xy are not` } }) }));
    const error = (await new MindVideo({ apiKey: "ab12", baseUrl: server.url, maxRetries: 0 }).tasks.get("t1").catch((e: unknown) => e)) as Error;
    expect(error.message).toBe("401 key [redacted] rejected; keys like ab12xy are not");
  });
});

describe("a key fetch would refuse is refused when configured, without quoting it", () => {
  const bad: [string, string][] = [
    ["a trailing newline (a two-line .env value)", `${KEY}\n`],
    ["a CRLF in the middle", `${KEY.slice(0, 10)}\r\n${KEY.slice(10)}`],
    ["a space", `${KEY} extra`],
    ["a tab", `\t${KEY}`],
    ["a NUL", `${KEY}\u0000`],
    ["a non-ASCII letter", `${KEY}é`],
    ["a line separator", `${KEY}\u2028`],
    ["an emoji", `${KEY}🔑`],
  ];
  it.each(bad)("%s", async (_name, key) => {
    for (const make of [() => new MindVideo({ apiKey: key }), () => new VideoGateway({ apiKey: key }), () => createProxyHandler({ apiKey: key })]) {
      let caught: unknown;
      try {
        make();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(MindVideoError);
      expect((caught as Error).message).toMatch(/API key .* contains .* at character \d+/);
      assertNoKey(render(caught));
    }
  });

  it("a bad key from the environment names the variable", () => {
    process.env.MINDVIDEO_API_KEY = `${KEY}\nSECOND_LINE=1`;
    try {
      expect(() => new MindVideo()).toThrow(`MINDVIDEO_API_KEY) contains a line break at character ${KEY.length + 1}`);
    } finally {
      delete process.env.MINDVIDEO_API_KEY;
    }
  });

  it.each<[string, Record<string, unknown>]>([
    ["a line break in a credential header", { "X-Api-Key": `${KEY}\nInjected: 1` }],
    ["a non-string value", { "X-Api-Key": 42 }],
    ["a bad header name", { "X Api Key": KEY }],
  ])("client headers with %s are refused when configured and per call, nothing sent", async (_name, headers) => {
    const server = await serve((_req, res) => sendJson(res, 200, { task_id: "t1", status: "queued" }));
    expect(() => new MindVideo({ apiKey: "k_0123456789", headers: headers as Record<string, string> })).toThrow(MindVideoError);
    const error = await new MindVideo({ apiKey: "k_0123456789", baseUrl: server.url }).tasks.get("t1", { headers: headers as Record<string, string> }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MindVideoError);
    assertNoKey(render(error));
    expect(server.requests).toHaveLength(0);
  });

  it("a credential header's value echoed back is redacted like the key", async () => {
    const server = await serve((req, res) => sendJson(res, 401, { error: { message: `bad ${String(req.headers["x-api-key"])}` } }));
    const error = await new VideoGateway({ apiKey: null, baseUrl: server.url, headers: { "X-Api-Key": KEY }, maxRetries: 0 }).tasks.get("t1").catch((e: unknown) => e);
    expect((error as Error).message).toBe("401 bad [redacted]");
  });
});

describe("the proxy never sends an error's text to the browser", () => {
  it("an upstream that cannot be reached gives a 502 without the key", async () => {
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: "http://127.0.0.1:1", fetch: async (request) => Promise.reject(new TypeError(`bad header ${request.headers.get("authorization")}`)) });
    const response = await handler(new Request("http://app.test/api/mindvideo/api/v1/tasks/t1"));
    expect(response.status).toBe(502);
    assertNoKey(await response.text());
  });
});

describe("a key with characters JSON escapes, and causes that carry the key elsewhere than their message", () => {
  it("a key with a quote and a backslash, echoed in a long JSON message, is redacted before the message is cut", async () => {
    const key = 'sk-"quo\\ted"Ab0123456789xyzQRSTU';
    const server = await echoServer((k) => ({ status: 401, body: JSON.stringify({ error: { message: `${"x".repeat(980)}${k} tail` } }) }));
    expect(server.url).toMatch(/^http/);
    const error = await new MindVideo({ apiKey: key, baseUrl: server.url, maxRetries: 0 }).tasks.get("t1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MindVideoError);
    assertNoKey(render(error), key);
    assertNoKey(render(error), JSON.stringify(key).slice(1, -1));
  });

  const causes: [string, () => unknown][] = [
    ["an AggregateError whose inner error names the key", () => new AggregateError([new Error(`rejected Bearer ${KEY}`)], "all attempts failed")],
    ["an error carrying the request's headers (axios-style config)", () => Object.assign(new Error("network down"), { config: { headers: { Authorization: `Bearer ${KEY}` } } })],
    ["an error carrying the Request itself", () => Object.assign(new Error("network down"), { request: new Request("http://api.test/", { headers: { authorization: `Bearer ${KEY}` } }) })],
  ];
  it.each(causes)("a custom fetch failing with %s", async (_name, cause) => {
    const error = await new MindVideo({ apiKey: KEY, baseUrl: "http://api.test", maxRetries: 0, fetch: () => Promise.reject(cause()) }).tasks.get("t1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MindVideoError);
    assertNoKey(`${render(error)}\n${inspect(error, { depth: 10, showHidden: true })}`);
  });
});

describe("a key echoed inside a successful answer (a task whose error quotes it)", () => {
  const failedTask = (k: string) => ({ task_id: "t1", id: "t1", status: "failed", error: { code: "auth", message: `upstream rejected Bearer ${k}` }, metadata: { [`note ${k}`]: k, list: [[`x ${encodeURIComponent(k)}`]] } });
  const taskServer = () => serve((req, res) => sendJson(res, 200, failedTask(String(req.headers.authorization ?? "").replace(/^Bearer /, ""))));
  it.each<[string, (server: TestServer) => Promise<unknown>]>([
    ["MindVideo tasks.wait → TaskFailedError", (s) => new MindVideo({ apiKey: KEY, baseUrl: s.url, maxRetries: 0 }).tasks.wait("t1")],
    ["MindVideo tasks.get → the task itself", (s) => new MindVideo({ apiKey: KEY, baseUrl: s.url, maxRetries: 0 }).tasks.get("t1")],
    ["gateway tasks.wait → TaskFailedError", (s) => new VideoGateway({ apiKey: KEY, baseUrl: s.url, maxRetries: 0 }).tasks.wait("t1")],
    ["MindVideo generations.wait → TaskFailedError carrying the GenerationTask", (s) => new MindVideo({ apiKey: KEY, baseUrl: s.url, maxRetries: 0 }).generations.wait("t1")],
  ])("%s", async (_name, call) => {
    const server = await taskServer();
    const outcome = await call(server).catch((e: unknown) => e);
    expect(server.requests.length).toBeGreaterThan(0);
    assertNoKey(`${render(outcome)}\n${JSON.stringify(outcome)}\n${JSON.stringify((outcome as { task?: unknown }).task ?? null)}\n${inspect(outcome, { depth: 10 })}`);
  });
});

describe("credentials written into baseUrl (a careless user)", () => {
  it.each<[string, () => unknown]>([
    ["MindVideo, the key as the URL's password", () => new MindVideo({ apiKey: KEY, baseUrl: `https://user:${encodeURIComponent(KEY)}@api.test` })],
    ["VideoGateway, the key as the URL's user", () => new VideoGateway({ apiKey: KEY, baseUrl: `https://${encodeURIComponent(KEY)}@api.test/v1` })],
    ["the proxy, the key as the URL's password", () => createProxyHandler({ apiKey: KEY, baseUrl: `https://u:${encodeURIComponent(KEY)}@api.test` })],
  ])("%s: refused at construction, without quoting the URL", (_name, construct) => {
    let error: unknown;
    try {
      construct();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MindVideoError);
    expect((error as Error).message).toMatch(/baseUrl must not carry credentials/);
    assertNoKey(render(error));
    assertNoKey(render(error), encodeURIComponent(KEY));
  });
});
