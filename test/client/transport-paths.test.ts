/**
 * The transport's two ways of sending: without a fetch option it calls globalThis.fetch(url, init)
 * (the one Request is fetch's own), with one it hands that fetch a Request it builds. Both paths must
 * keep the same guarantees: the timeout cancels the body read, the size cap holds on a chunked body,
 * a retried create resends the same body under one Idempotency-Key, and bytes split across chunks
 * decode whole.
 */
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { APITimeoutError, MindVideo, NotFoundError, ResponseTooLargeError, type Fetch } from "../../src/index.js";
import { virtualClock } from "../helpers/virtual-clock.js";
import { sendJson, serverPerTest } from "../security/servers.js";

const startServer = serverPerTest();
const KEY = "k_0123456789abcdef";
const KIB = 1024;

/** Resolves when the client hangs up: the server's side of "the read was really cancelled". */
const hangUp = (res: ServerResponse) => new Promise<void>((resolve) => res.on("close", () => resolve()));

const PATHS: [string, { fetch: Fetch | undefined }][] = [
  ["globalThis.fetch(url, init) (no fetch option)", { fetch: undefined }],
  ["a fetch option (handed a Request)", { fetch: (request: Request) => fetch(request) }],
];

describe.each(PATHS)("sending through %s", (_name, { fetch: fetchOption }) => {
  const client = (baseUrl: string, options: Partial<ConstructorParameters<typeof MindVideo>[0] & object> = {}) =>
    new MindVideo({ apiKey: KEY, baseUrl, maxRetries: 0, ...(fetchOption ? { fetch: fetchOption } : {}), ...options });

  it("a body that stalls after the headers times out, and the connection is closed", async () => {
    let closed!: Promise<void>;
    const server = await startServer((_req, res) => {
      closed = hangUp(res);
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"task_id":"t1",'); // and never the rest
    });
    const error = await client(server.url, { timeoutMs: 300 }).tasks.get("t1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    await closed;
  });

  it("a chunked body over maxResponseBytes stops at the cap, and the connection is closed", async () => {
    let closed!: Promise<void>;
    let sent = 0;
    const server = await startServer((_req, res) => {
      closed = hangUp(res);
      res.writeHead(200, { "content-type": "application/json" });
      const pump = () => {
        while (sent < 64 * 1024 * KIB) {
          sent += 16 * KIB;
          if (!res.write(Buffer.alloc(16 * KIB, 0x61))) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("close", () => (sent = Infinity));
      pump();
    });
    const error = await client(server.url, { maxResponseBytes: 64 * KIB }).tasks.get("t1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toContain(`(${64 * KIB} bytes)`);
    await closed;
  });

  it("a create answered 503 is resent with the same body bytes, one Idempotency-Key, attempts 1 and 2", async () => {
    const server = await startServer((_req, res, body) => {
      if (server.requests.length === 1) return sendJson(res, 503, { error: { code: "unavailable", message: "try again" } });
      sendJson(res, 200, { task_id: "t1", status: "queued", request_id: "r1", echoed: body.length });
    });
    const task = await client(server.url, { maxRetries: 1, clock: virtualClock() }).tasks.create(
      { model: "doubao-seedance-2-0-fast", input: { prompt: "a lighthouse at dusk, é and 日本 kept whole", resolution: "720p", duration: 5 } },
      { validate: false },
    );
    expect(task.task_id).toBe("t1");
    const [first, second] = server.requests;
    expect(server.requests).toHaveLength(2);
    expect(second!.body).toBe(first!.body);
    expect(JSON.parse(first!.body)).toMatchObject({ input: { prompt: "a lighthouse at dusk, é and 日本 kept whole" } });
    expect(first!.headers["idempotency-key"]).toBe(task.idempotencyKey);
    expect(second!.headers["idempotency-key"]).toBe(task.idempotencyKey);
    expect([first!.headers["x-attempt-number"], second!.headers["x-attempt-number"]]).toEqual(["1", "2"]);
    expect([first!.headers.authorization, second!.headers.authorization]).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
  });
});

describe("decoding the bytes read", () => {
  /** A fetch whose answer arrives in the given chunks, so a character can be split between two reads. */
  const chunkedFetch = (status: number, chunks: Uint8Array[]): Fetch => async () =>
    new Response(new ReadableStream({ start: (c) => (chunks.forEach((chunk) => c.enqueue(chunk)), c.close()) }), { status, headers: { "content-type": "application/json" } });
  const splitInside = (text: string, char: string): Uint8Array[] => {
    const bytes = new TextEncoder().encode(text);
    const at = new TextEncoder().encode(text.slice(0, text.indexOf(char))).length + 1; // after the character's first byte
    return [bytes.subarray(0, at), bytes.subarray(at, at + 3), bytes.subarray(at + 3)];
  };

  it.each([
    ["a two-byte character", "é"],
    ["a three-byte character", "日"],
    ["a four-byte character", "🎬"],
  ])("a 2xx answer with %s split across chunks parses whole", async (_name, char) => {
    const body = JSON.stringify({ task_id: "t1", status: "succeeded", error: { message: `before ${char} after` } });
    const mv = new MindVideo({ apiKey: KEY, baseUrl: "http://api.test", fetch: chunkedFetch(200, splitInside(body, char)) });
    const task = await mv.tasks.get("t1");
    expect(task.error?.message).toBe(`before ${char} after`);
  });

  it("an error answer with a character split across chunks keeps it in the error's message", async () => {
    const body = JSON.stringify({ error: { code: "task_not_found", message: "no task named «t1»" } });
    const mv = new MindVideo({ apiKey: KEY, baseUrl: "http://api.test", maxRetries: 0, fetch: chunkedFetch(404, splitInside(body, "«")) });
    const error = await mv.tasks.get("t1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain("no task named «t1»");
  });
});
