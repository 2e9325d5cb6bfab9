/**
 * nodeHttpFetch (runBatch's and the downloads' transport) keeps what the client relies on from
 * fetch: redirects are answered, never followed; the signal aborts before and during the body; the
 * body streams; compressed bodies are decoded; every Set-Cookie is kept; a client on it still
 * refuses a redirected POST.
 */
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MindVideo } from "../../src/index.js";
import { nodeHttpFetch } from "../../src/node/http-fetch.js";
import { listenOnLoopback } from "../helpers/loopback.js";
import { recordingServer, type Route, type SeenRequest } from "../helpers/recording-server.js";

let server: Awaited<ReturnType<typeof recordingServer>>;
let seen: SeenRequest[];
/** Called by the server when a request for /never has arrived (it is never answered). */
let neverArrived: () => void = () => {};
const routes: Record<string, Route> = {
  "/redirect": (_req, res) => res.writeHead(302, { location: "http://169.254.169.254/" }).end(),
  "/gzip": (_req, res) => res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync('{"ok":true}')),
  "/cookies": (_req, res) => res.writeHead(200, [["set-cookie", "a=1"], ["set-cookie", "b=2"]] as never).end("x"),
  "/slow-body": (_req, res) => {
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.write("first chunk"); // and never the rest
  },
  "/never": () => neverArrived(),
  "/echo": (_req, res, body) => res.writeHead(201, { "content-type": "text/plain" }).end(body),
  "/api/v1/tasks": (_req, res) => res.writeHead(307, { location: "/elsewhere" }).end(),
};

beforeAll(async () => {
  server = await recordingServer(routes);
  seen = server.seen;
});
afterAll(() => server.close());

describe("nodeHttpFetch", () => {
  const fetch = nodeHttpFetch();
  afterAll(() => fetch.close());

  it("answers a redirect as it is and never follows it", async () => {
    seen.length = 0;
    const response = await fetch(new Request(`${server.url}/redirect`, { redirect: "manual" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://169.254.169.254/");
    expect(seen.map((s) => s.path)).toEqual(["/redirect"]);
  });

  it("sends method, headers and body", async () => {
    const response = await fetch(new Request(`${server.url}/echo`, { method: "POST", headers: { "x-test": "1", "content-type": "text/plain" }, body: "hello" }));
    expect(response.status).toBe(201);
    expect(await response.text()).toBe("hello");
    expect(seen.at(-1)).toMatchObject({ method: "POST", headers: { "x-test": "1", "content-length": "5" } });
  });

  it("decodes a gzip body", async () => {
    expect(await (await fetch(new Request(`${server.url}/gzip`, { headers: { "accept-encoding": "gzip" } }))).json()).toEqual({ ok: true });
  });

  it("keeps every Set-Cookie", async () => {
    expect((await fetch(new Request(`${server.url}/cookies`))).headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  it("an already aborted signal sends nothing", async () => {
    seen.length = 0;
    const reason = new Error("stop");
    await expect(fetch(new Request(`${server.url}/echo`, { signal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
    expect(seen).toHaveLength(0);
  });

  it("the signal aborts a request waiting for its answer", async () => {
    const arrived = new Promise<void>((resolve) => (neverArrived = resolve));
    const controller = new AbortController();
    const pending = fetch(new Request(`${server.url}/never`, { signal: controller.signal }));
    await arrived; // sent and waiting for its answer: the abort lands there
    controller.abort(new Error("timed out"));
    await expect(pending).rejects.toThrow("timed out");
  });

  it("the signal aborts a body still being read", async () => {
    const controller = new AbortController();
    const response = await fetch(new Request(`${server.url}/slow-body`, { signal: controller.signal }));
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("first chunk");
    const next = reader.read();
    controller.abort(new Error("timed out"));
    await expect(next).rejects.toThrow();
  });

  it("a connection refused is a TypeError, like fetch's", async () => {
    const closed = await listenOnLoopback(createServer());
    await closed.close();
    await expect(fetch(new Request(closed.url))).rejects.toBeInstanceOf(TypeError);
  });

  it("a client on it still refuses a redirected POST (nothing re-sent)", async () => {
    seen.length = 0;
    const client = new MindVideo({ apiKey: "mv_test", baseUrl: server.url, fetch, maxRetries: 0 });
    await expect(client.generations.submit({ model: "doubao-seedance-2-0-fast", input: { prompt: "x" } } as never)).rejects.toThrow(/never redirected/);
    expect(seen.map((s) => s.path)).toEqual(["/api/v1/tasks"]);
  });
});
