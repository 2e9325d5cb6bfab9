/**
 * toNodeListener on a real loopback server: a failing handler is a fixed JSON 500 (never its text),
 * GET and HEAD carry no body while POST streams one, a Host header that is more than a host becomes
 * localhost, and a request without a method (as node:http can hand over) is a GET.
 */
import { createServer, IncomingMessage, request as httpRequest, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { toNodeListener } from "../../../src/node/index.js";
import { listenOnLoopback, type Listening } from "../../helpers/loopback.js";

const open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

async function mount(handler: (request: Request) => Promise<Response>) {
  const listening = await listenOnLoopback(createServer(toNodeListener(handler)));
  open.push(listening);
  return listening.port;
}

const send = (port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {}) =>
  new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest({ port, host: "127.0.0.1", method: options.method ?? "GET", path: options.path ?? "/", headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });

describe("toNodeListener", () => {
  it("answers a failing handler with a fixed JSON 500 that quotes nothing of the error", async () => {
    const port = await mount(async () => {
      throw new Error("secret sk-live-123 in a message");
    });
    const { status, headers, body } = await send(port);
    expect(status).toBe(500);
    expect(headers["content-type"]).toBe("application/json");
    expect(JSON.parse(body)).toEqual({ error: { code: "handler_failed", message: "The handler failed", type: "proxy_error" } });
  });

  it.each([
    ["GET", { given: { method: "GET" }, want: { method: "GET", body: null } }],
    ["HEAD", { given: { method: "HEAD" }, want: { method: "HEAD", body: null } }],
    ["POST", { given: { method: "POST", body: "a cat" }, want: { method: "POST", body: "a cat" } }],
  ] as const)("hands the handler a %s request with the right body", async (_name, { given, want }) => {
    let seen: { method: string; body: string | null } | undefined;
    const port = await mount(async (request) => {
      seen = { method: request.method, body: request.body ? await request.text() : null };
      return new Response(null, { status: 204 });
    });
    const { status } = await send(port, given);
    expect(status).toBe(204);
    expect(seen).toEqual(want);
  });

  it.each([
    ["a plain host and port is kept", { given: "api.example.com:8080", want: "http://api.example.com:8080/x?y=1" }],
    ["a host with a path becomes localhost", { given: "evil.example/other", want: "http://localhost/x?y=1" }],
    ["a host with userinfo becomes localhost", { given: "user@evil.example", want: "http://localhost/x?y=1" }],
  ])("%s", async (_name, { given, want }) => {
    let url: string | undefined;
    const port = await mount(async (request) => ((url = request.url), new Response("ok")));
    await send(port, { path: "/x?y=1", headers: { host: given } });
    expect(url).toBe(want);
  });

  it("reads a request without a method as a GET", async () => {
    const req = new IncomingMessage(new Socket());
    req.url = "/plain";
    req.push(null);
    expect(req.method).toBeFalsy();
    const res = new ServerResponse(req);
    let seen: string | undefined;
    const finished = new Promise<void>((resolve) => res.on("finish", () => resolve()));
    const chunks: Buffer[] = [];
    res.assignSocket(Object.assign(new Socket(), { write: (chunk: Buffer | string, ...rest: unknown[]) => (chunks.push(Buffer.from(chunk)), (rest.find((r) => typeof r === "function") as (() => void) | undefined)?.(), true) }) as never);
    await toNodeListener(async (request) => ((seen = request.method), new Response(null, { status: 204 })))(req, res);
    await finished;
    expect(seen).toBe("GET");
    expect(res.statusCode).toBe(204);
  });
});
