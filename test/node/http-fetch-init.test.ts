/**
 * nodeHttpFetch also takes fetch's `(url, init)`, and a client on it calls it so (no Request built
 * per attempt): the same guarantees hold on that path (method, headers, body and key sent; the
 * signal aborts before sending and while waiting; a POST is never re-sent on a redirect), and the
 * batch's rate gate keeps the path when it wraps the transport.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MindVideo } from "../../src/index.js";
import { nodeHttpFetch } from "../../src/node/http-fetch.js";
import { RateGate } from "../../src/node/batch/limiter.js";
import { recordingServer, type SeenRequest } from "../helpers/recording-server.js";

let server: Awaited<ReturnType<typeof recordingServer>>;
let seen: SeenRequest[];
/** Resolved by the server when a request for /never has arrived (it is never answered). */
let neverArrived: () => void = () => {};

beforeAll(async () => {
  server = await recordingServer(
    {
      "/never": () => neverArrived(),
      "/api/v1/tasks": (_req, res) => res.writeHead(307, { location: "/elsewhere" }).end(),
      "/api/v1/tasks/task_1": (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"task_id":"task_1","status":"processing","progress":40}'),
    },
    (_req, res, body) => res.writeHead(201, { "content-type": "text/plain" }).end(body),
  );
  seen = server.seen;
});
afterAll(() => server.close());

describe("nodeHttpFetch called with (url, init)", () => {
  const fetch = nodeHttpFetch();
  const call = fetch as unknown as (url: string, init?: RequestInit) => Promise<Response>;
  afterAll(() => fetch.close());

  const cases: [string, { given: RequestInit; want: { method: string; body: string; headers: Record<string, string> } }][] = [
    ["a text body, headers as a Headers", { given: { method: "post", headers: new Headers({ "x-test": "1" }), body: "héllo" }, want: { method: "POST", body: "héllo", headers: { "x-test": "1", "content-length": "6" } } }],
    ["a byte body, headers as a record", { given: { method: "PUT", headers: { "x-test": "2" }, body: new TextEncoder().encode("bytes") }, want: { method: "PUT", body: "bytes", headers: { "x-test": "2", "content-length": "5" } } }],
    ["a body fetch serializes itself (URLSearchParams)", { given: { method: "POST", body: new URLSearchParams({ a: "1" }) }, want: { method: "POST", body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8" } } }],
    ["no body", { given: {}, want: { method: "GET", body: "", headers: {} } }],
  ];
  it.each(cases)("sends %s", async (_name, { given, want }) => {
    seen.length = 0;
    const response = await call(`${server.url}/echo`, given);
    expect(response.status).toBe(201);
    expect(await response.text()).toBe(want.body);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: want.method, body: want.body, headers: want.headers });
  });

  it("an already aborted signal sends nothing", async () => {
    seen.length = 0;
    const reason = new Error("stop");
    await expect(call(`${server.url}/echo`, { method: "POST", body: "x", signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(seen).toHaveLength(0);
  });

  it("the signal aborts a request waiting for its answer", async () => {
    const arrived = new Promise<void>((resolve) => (neverArrived = resolve));
    const controller = new AbortController();
    const pending = call(`${server.url}/never`, { signal: controller.signal });
    await arrived; // sent and waiting for its answer: the abort lands there
    controller.abort(new Error("timed out"));
    await expect(pending).rejects.toThrow("timed out");
  });

  it("a client on it sends no Request: the fetch gets the URL and the init", async () => {
    const received: unknown[] = [];
    const spy = Object.assign((input: unknown, init?: RequestInit) => (received.push(input), call(input as string, init!)), fetch);
    const client = new MindVideo({ apiKey: "mv_test", baseUrl: server.url, fetch: spy as never, maxRetries: 0 });
    const task = await client.tasks.get("task_1");
    expect(task.status).toBe("processing");
    expect(received).toEqual([`${server.url}/api/v1/tasks/task_1`]);
    expect(seen.at(-1)?.headers).toMatchObject({ authorization: "Bearer mv_test" });
  });

  it("a client on it still refuses a redirected POST (nothing re-sent)", async () => {
    seen.length = 0;
    const client = new MindVideo({ apiKey: "mv_test", baseUrl: server.url, fetch, maxRetries: 0 });
    await expect(client.generations.submit({ model: "doubao-seedance-2-0-fast", input: { prompt: "x" } } as never, { idempotencyKey: "key-1" })).rejects.toThrow(/never redirected/);
    expect(seen.map((s) => [s.path, s.headers["idempotency-key"]])).toEqual([["/api/v1/tasks", "key-1"]]);
  });

  it("the rate gate keeps the (url, init) path, and a plain fetch gets a Request", async () => {
    const gate = new RateGate();
    const received: unknown[] = [];
    const plain = (request: Request) => (received.push(request), fetch(request));
    const marked = Object.assign((input: unknown, init?: RequestInit) => (received.push(input), call(input as string, init!)), fetch);
    for (const inner of [plain, marked]) {
      const client = new MindVideo({ apiKey: "mv_test", baseUrl: server.url, fetch: gate.wrap(inner as never), maxRetries: 0 });
      expect((await client.tasks.get("task_1")).status).toBe("processing");
    }
    expect(received.map((r) => (r instanceof Request ? "Request" : typeof r))).toEqual(["Request", "string"]);
  });
});
