/** Class 1: a create is sent once; a redirect never re-sends it, and "never sent" means the configured origin refused. */
import { describe, expect, it } from "vitest";
import { APIConnectionError, MindVideo, MindVideoError, RedirectError, VideoGateway, type DebugEvent } from "../../src/index.js";
import { closedPort, sendJson, serverPerTest } from "./servers.js";

const gatewayBody = { model: "doubao-seedance-1.0-pro-fast", prompt: "A cat playing piano" } as const;
const mindvideoBody = { model: "apimart-doubao-seedance-4-0", input: { prompt: "a panda" } } as const;
const serve = serverPerTest();
const fast = { maxRetries: 3, retry: { initialDelayMs: 1, maxDelayMs: 2 } };

describe("a create answered with a redirect makes one request and throws RedirectError", () => {
  const cases: [string, { status: number; to: "closed port" | "other origin" | "same origin" }][] = [
    ["301 to another origin", { status: 301, to: "other origin" }],
    ["302 to another origin", { status: 302, to: "other origin" }],
    ["303 to a refused port", { status: 303, to: "closed port" }],
    ["303 to the same origin", { status: 303, to: "same origin" }],
    ["307 to another origin", { status: 307, to: "other origin" }],
    ["308 to the same origin", { status: 308, to: "same origin" }],
    ["307 to a refused port", { status: 307, to: "closed port" }],
    ["300 multiple choices", { status: 300, to: "same origin" }],
  ];
  it.each(cases)("gateway: %s", async (_name, { status, to }) => {
    const other = await serve((_req, res) => sendJson(res, 200, { id: "someone-elses-task", status: "completed" }));
    const location = to === "closed port" ? `http://127.0.0.1:${await closedPort()}/v1/videos/generations` : to === "other origin" ? `${other.url}/task` : "/v1/videos/generations";
    const server = await serve((_req, res) => {
      res.writeHead(status, { location });
      res.end();
    });
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: server.url, ...fast });
    const error = await gw.videos.create(gatewayBody).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status, location });
    expect(server.requests.map((r) => r.method)).toEqual(["POST"]);
    expect(other.requests).toHaveLength(0);
    await expect(gw.generations.run({ model: gatewayBody.model, input: { prompt: "p" } } as never)).rejects.toBeInstanceOf(RedirectError);
    expect(server.requests).toHaveLength(2);
  });

  it.each(cases)("mindvideo: %s", async (_name, { status, to }) => {
    const location = to === "closed port" ? `http://127.0.0.1:${await closedPort()}/api/v1/tasks` : "/api/v1/tasks";
    const server = await serve((_req, res) => {
      res.writeHead(status, { location });
      res.end();
    });
    const error = await new MindVideo({ apiKey: "mv_key_0123456789", baseUrl: server.url, ...fast }).tasks.create(mindvideoBody).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("'not sent' means the configured origin refused the first connection", () => {
  it("a refused configured origin is retried (nothing reached any server)", async () => {
    const events: DebugEvent[] = [];
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: `http://127.0.0.1:${await closedPort()}`, ...fast, debug: (e) => events.push(e) });
    await expect(gw.videos.create(gatewayBody)).rejects.toBeInstanceOf(APIConnectionError);
    expect(events.filter((e) => e.type === "request")).toHaveLength(4);
  });

  it.each<[string, { cause: Record<string, unknown>; retried: boolean }]>([
    ["ECONNREFUSED naming the configured port", { cause: { code: "ECONNREFUSED", port: "PORT", address: "127.0.0.1" }, retried: true }],
    ["ECONNREFUSED naming another port (a redirect target)", { cause: { code: "ECONNREFUSED", port: 1, address: "127.0.0.1" }, retried: false }],
    ["ECONNREFUSED naming another address", { cause: { code: "ECONNREFUSED", port: "PORT", address: "10.9.9.9" }, retried: false }],
    ["ECONNRESET (may have arrived)", { cause: { code: "ECONNRESET" }, retried: false }],
    ["a socket closed mid-answer", { cause: { code: "UND_ERR_SOCKET" }, retried: false }],
    ["a socket error (sent) that wraps an earlier refused connect", { cause: { code: "UND_ERR_SOCKET", cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }, retried: false }],
    ["ECONNRESET wrapping ECONNREFUSED on the configured port", { cause: { code: "ECONNRESET", cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", port: 0 }) }, retried: false }],
    ["a refusal whose code is not a string", { cause: { code: 111 }, retried: false }],
  ])("a fetch failing with %s", async (_name, { cause, retried }) => {
    const server = await serve((_req, res) => sendJson(res, 200, { id: "t1", status: "pending" }));
    let calls = 0;
    const fetch = async () => {
      calls++;
      const code = Object.assign(new Error(`connect ${String(cause.code)}`), { ...cause, port: cause.port === "PORT" ? server.port : cause.port });
      throw new TypeError("fetch failed", { cause: code });
    };
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: server.url, fetch, ...fast });
    await expect(gw.videos.create(gatewayBody)).rejects.toBeInstanceOf(APIConnectionError);
    expect(calls).toBe(retried ? 4 : 1);
  });
});

describe("GETs follow redirects themselves and keep credentials to the configured origin", () => {
  it.each([301, 302, 303, 307, 308])("%i to another origin drops Authorization and custom headers", async (status) => {
    const other = await serve((_req, res) => sendJson(res, 200, { id: "t1", status: "processing" }));
    const server = await serve((_req, res) => {
      res.writeHead(status, { location: `${other.url}/v1/tasks/t1` });
      res.end();
    });
    const headers = { "X-Api-Key": "custom_secret_value", "X-Trace": "trace-1", Cookie: "session=abc" };
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: server.url, headers });
    await expect(gw.tasks.get("t1", { headers: { "X-Custom-Auth": "per_call_secret" } })).resolves.toMatchObject({ status: "processing" });
    expect(server.requests[0]!.headers).toMatchObject({ authorization: "Bearer gw_key_0123456789", "x-api-key": "custom_secret_value", "x-custom-auth": "per_call_secret" });
    const leaked = other.requests[0]!.headers;
    for (const name of ["authorization", "x-api-key", "cookie", "x-custom-auth", "x-trace"]) expect(leaked[name]).toBeUndefined();
  });

  it("a same-origin redirect keeps them", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/v1/tasks/t1") {
        res.writeHead(302, { location: "/v1/tasks/t2" });
        return res.end();
      }
      sendJson(res, 200, { id: "t2", status: "processing" });
    });
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: server.url, headers: { "X-Api-Key": "custom_secret_value" } });
    await gw.tasks.get("t1");
    expect(server.requests[1]!.headers).toMatchObject({ authorization: "Bearer gw_key_0123456789", "x-api-key": "custom_secret_value" });
  });

  it("a redirect loop ends in RedirectError after a bounded number of hops", async () => {
    const server = await serve((req, res) => {
      res.writeHead(302, { location: req.url === "/v1/tasks/a" ? "/v1/tasks/b" : "/v1/tasks/a" });
      res.end();
    });
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: server.url, maxRetries: 0 });
    await expect(gw.tasks.get("a")).rejects.toBeInstanceOf(RedirectError);
    expect(server.requests.length).toBeLessThanOrEqual(6);
  });

  it.each(["javascript:alert(1)", "file:///etc/passwd", "http://[::1"])("a Location of %s is not followed", async (location) => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { location });
      res.end();
    });
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: server.url, maxRetries: 0 });
    await expect(gw.tasks.get("a")).rejects.toBeInstanceOf(RedirectError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("an Idempotency-Key that could not deduplicate is refused before the first send", () => {
  // An empty or blank key is dropped or ignored by servers, so the create's retries would each be charged.
  it.each<[string, unknown]>([
    ["empty", ""],
    ["blank (Headers trims it to empty)", "   "],
    ["a line break", "key\nX-Injected: 1"],
    ["a number", 12345],
    ["non-ASCII", "clé-unique"],
    ["over 255 characters", "k".repeat(256)],
  ])("%s", async (_name, idempotencyKey) => {
    const server = await serve((_req, res) => sendJson(res, 503, { error: { message: "busy" } }));
    const mv = new MindVideo({ apiKey: "mv_key_0123456789", baseUrl: server.url, ...fast });
    const error = await mv.tasks.create(mindvideoBody, { idempotencyKey: idempotencyKey as string }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MindVideoError);
    expect((error as Error).message).toMatch(/idempotencyKey must be 1 to 255 printable ASCII/);
    expect(server.requests).toHaveLength(0);
  });
});
