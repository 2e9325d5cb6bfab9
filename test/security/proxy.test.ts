/** Class 5: the proxy forwards what it checked, bounds every wait, never follows redirects, takes the path from the URL. */
import { request as httpRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createProxyHandler } from "../../src/proxy.js";
import { toNodeListener } from "../../src/node/index.js";
import { sendJson, startServer, type TestServer } from "./servers.js";

const KEY = "mv_proxy_key_0123456789";
const servers: TestServer[] = [];
const nodeServers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(nodeServers.splice(0).map((s) => new Promise((resolve) => { s.closeAllConnections(); s.close(resolve); })));
});
const serve = async (...args: Parameters<typeof startServer>) => {
  const server = await startServer(...args);
  servers.push(server);
  return server;
};
const task = { task_id: "t1", status: "queued" };
const post = (body: string) => new Request("http://app.test/api/mindvideo/api/v1/tasks", { method: "POST", headers: { "content-type": "application/json" }, body });

describe("the body sent upstream is the body checked", () => {
  const allowed = "doubao-seedance-2-0-fast";
  const other = "apimart-doubao-seedance-4-0";
  const input = '"input":{"prompt":"p"}';
  it.each<[string, { body: string; status: number }]>([
    ["a disallowed model first, the allowed one last", { body: `{"model":"${other}","model":"${allowed}",${input}}`, status: 200 }],
    ["the allowed model first, a disallowed one last", { body: `{"model":"${allowed}","model":"${other}",${input}}`, status: 403 }],
    ["an escaped duplicate key", { body: `{"model":"${other}","mo\\u0064el":"${allowed}",${input}}`, status: 200 }],
    ["a __proto__ key", { body: `{"__proto__":{"model":"${other}"},"model":"${allowed}",${input}}`, status: 200 }],
    ["a JSON array", { body: `[{"model":"${allowed}",${input}}]`, status: 400 }],
    ["null", { body: "null", status: 400 }],
  ])("%s", async (_name, { body, status }) => {
    const upstream = await serve((_req, res) => sendJson(res, 200, task));
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: upstream.url, allowModels: [allowed] });
    const response = await handler(post(body));
    expect(response.status).toBe(status);
    if (status !== 200) return expect(upstream.requests).toHaveLength(0);
    const sent = upstream.requests[0]!.body;
    expect(sent.match(/"model"/g)).toHaveLength(1);
    expect(JSON.parse(sent).model).toBe(allowed);
  });
});

describe("every wait is bounded", () => {
  it.each<[string, (res: import("node:http").ServerResponse) => void]>([
    ["an upstream that never answers", () => {}],
    ["an upstream that sends headers and never the body", (res) => res.writeHead(200, { "content-type": "application/json", "content-length": "1000" })],
    ["an upstream that sends a short body and holds", (res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"task_id":');
    }],
    ["an upstream that trickles forever", (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(timer));
    }],
  ])("%s: 504 with the envelope", async (_name, answer) => {
    const upstream = await serve((_req, res) => answer(res));
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: upstream.url, upstreamTimeoutMs: 300 });
    const response = await handler(new Request("http://app.test/api/mindvideo/api/v1/tasks/t1"));
    expect(response.status).toBe(504);
    expect((await response.json()).error).toMatchObject({ code: "upstream_timeout", type: "timeout_error" });
  });

  it("a browser body that never ends: 408 with the envelope, nothing sent upstream", async () => {
    const upstream = await serve((_req, res) => sendJson(res, 200, task));
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: upstream.url, bodyTimeoutMs: 200 });
    const body = new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"model":')) });
    const response = await handler(new Request("http://app.test/api/mindvideo/api/v1/tasks", { method: "POST", body, duplex: "half" } as RequestInit));
    expect(response.status).toBe(408);
    expect((await response.json()).error).toMatchObject({ code: "request_timeout", type: "timeout_error" });
    expect(upstream.requests).toHaveLength(0);
  });
});

describe("upstream redirects are never followed", () => {
  it.each([301, 302, 303, 307, 308])("%i: 502, the target sees nothing (and never the key)", async (status) => {
    const target = await serve((_req, res) => sendJson(res, 200, task));
    const upstream = await serve((_req, res) => {
      res.writeHead(status, { location: `${target.url}/steal` });
      res.end();
    });
    const handler = createProxyHandler({ apiKey: KEY, baseUrl: upstream.url });
    const response = await handler(new Request("http://app.test/api/mindvideo/api/v1/tasks/t1"));
    expect(response.status).toBe(502);
    expect(response.headers.get("location")).toBeNull();
    expect((await response.json()).error.code).toBe("upstream_redirect");
    expect(target.requests).toHaveLength(0);
  });
});

describe("null-body answers and odd paths", () => {
  it.each([204, 205, 304])("an upstream %i is relayed without a body", async (status) => {
    const upstream = await serve((_req, res) => {
      res.writeHead(status);
      res.end();
    });
    const response = await createProxyHandler({ apiKey: KEY, baseUrl: upstream.url })(new Request("http://app.test/api/mindvideo/api/v1/tasks/t1"));
    expect(response.status).toBe(status);
    expect(await response.text()).toBe("");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it.each(["/api/v1/tasks/..", "/api/v1/tasks/%2e%2e", "/api/v1/tasks/a%2Fb", "/api/v1/tasks/t1/../../admin"])("refuses %s", async (path) => {
    const upstream = await serve((_req, res) => sendJson(res, 200, task));
    const response = await createProxyHandler({ apiKey: KEY, baseUrl: upstream.url })(new Request(`http://app.test/api/mindvideo${path}`));
    expect(response.status).toBe(404);
    expect(upstream.requests).toHaveLength(0);
  });

  const mounted = async () => {
    const upstream = await serve((_req, res) => sendJson(res, 200, task));
    const server = createServer(toNodeListener(createProxyHandler({ apiKey: KEY, baseUrl: upstream.url })));
    nodeServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { upstream, port: (server.address() as AddressInfo).port };
  };
  const raw = (port: number, text: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.write(text));
      let out = "";
      socket.on("data", (d) => (out += d));
      socket.on("end", () => resolve(out));
      socket.on("error", reject);
    });

  it.each([
    ["a Host header carrying a path", "GET / HTTP/1.1\r\nHost: app.test/api/mindvideo/api/v1/tasks/t1?\r\nConnection: close\r\n\r\n", 404],
    ["a Host header with userinfo", "GET /x HTTP/1.1\r\nHost: a@app.test/api/mindvideo/api/v1/tasks/t1#\r\nConnection: close\r\n\r\n", 404],
    ["an absolute-form target", "GET http://elsewhere.test/api/mindvideo/api/v1/tasks/t1 HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n", 200],
    ["an asterisk target", "OPTIONS * HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n", 400],
  ])("through node:http, %s", async (_name, text, status) => {
    const { upstream, port } = await mounted();
    const answer = await raw(port, text);
    expect(answer).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(upstream.requests).toHaveLength(status === 200 ? 1 : 0);
    if (status === 200) expect(upstream.requests[0]!.url).toBe("/api/v1/tasks/t1");
  });

  it("a client that goes away aborts the upstream call", async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const upstream = await serve((req) => req.socket.on("close", upstreamClosed));
    const server = createServer(toNodeListener(createProxyHandler({ apiKey: KEY, baseUrl: upstream.url })));
    nodeServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const req = httpRequest({ port: (server.address() as AddressInfo).port, host: "127.0.0.1", path: "/api/mindvideo/api/v1/tasks/t1" });
    req.on("error", () => {});
    req.end();
    while (upstream.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    req.destroy();
    await closed;
    expect(upstream.requests).toHaveLength(1);
  });
});
