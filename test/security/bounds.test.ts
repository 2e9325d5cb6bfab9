/** Class 4: every buffer and every wait is bounded: answer sizes (also decompressed), timers past 2^31 ms, Retry-After. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MindVideo, RateLimitError, ResponseTooLargeError, VideoGateway, WaitTimeoutError, type DebugEvent } from "../../src/index.js";
import { createProxyHandler } from "../../src/proxy.js";
import { DEFAULT_RETRY_OPTIONS, retryDelayMs } from "../../src/retry.js";
import { startServer, type TestServer } from "./servers.js";
import type { ServerResponse } from "node:http";

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);
/** One gzip member of 1 MiB of zeros; 1024 of them back to back are a valid 1 GiB gzip stream of about 1 MB. */
const MEMBER = gzipSync(Buffer.alloc(MB));

/** Writes `total` bytes (or forever) from one reused chunk, honouring backpressure, until the client hangs up. */
function stream(res: ServerResponse, chunk: Buffer, total: number): void {
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    res.end();
  };
  res.on("close", () => (sent = total));
  pump();
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const name = req.url?.split("/").pop();
    if (name === "big") {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(200 * MB) });
      return stream(res, CHUNK, 200 * MB);
    }
    if (name === "big_chunked" || name === "endless") {
      res.writeHead(200, { "content-type": "application/json" });
      return stream(res, CHUNK, name === "endless" ? Infinity : 200 * MB);
    }
    if (name === "bomb") {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      return stream(res, MEMBER, MEMBER.length * 1024);
    }
    res.writeHead(404).end();
  });
});
afterAll(() => server.close());

describe("answer size", () => {
  it("a child process with a 64 MB heap meets 200 MB, endless and 1 GiB-gzip answers: typed errors, peak RSS under 200 MB", async () => {
    const child = spawn(process.execPath, ["--max-old-space-size=64", "--import", "tsx", fileURLToPath(new URL("./heap-child.ts", import.meta.url)), server.url], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(err.replace(/.*(ExperimentalWarning|--trace-warnings|npm warn).*\n?/g, "")).toBe("");
    expect(code).toBe(0);
    const { results, maxRssMb } = JSON.parse(out.trim().split("\n").pop()!) as { results: Record<string, string>; maxRssMb: number };
    for (const path of ["big", "big_chunked", "endless", "bomb"]) {
      expect(results[`client ${path}`]).toMatch(/^ResponseTooLargeError: GET .* exceeds maxResponseBytes \(16777216 bytes\)/);
      expect(results[`proxy ${path}`]).toMatch(/^InternalServerError: 502 The API's answer exceeds 16777216 bytes/);
    }
    expect(maxRssMb).toBeLessThan(200);
  }, 60_000);

  it.each([
    ["a declared length over the cap", { path: "big", max: 1 * MB }],
    ["a stream over the cap", { path: "endless", max: 1 * MB }],
    ["a gzip stream decompressing over the cap", { path: "bomb", max: 4 * MB }],
  ])("maxResponseBytes is the client's option: %s", async (_name, { path, max }) => {
    const error = await new VideoGateway({ apiKey: "k_0123456789", baseUrl: server.url, maxResponseBytes: max }).tasks.get(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toContain(`(${max} bytes)`);
  });

  it("the proxy's cap is its own option", async () => {
    const handler = createProxyHandler({ apiKey: "k_0123456789", baseUrl: server.url, maxResponseBytes: MB });
    const response = await handler(new Request("http://app.test/api/mindvideo/api/v1/tasks/endless"));
    expect(response.status).toBe(502);
    expect((await response.json()).error.code).toBe("upstream_response_too_large");
  });
});

describe("timers past 2^31 − 1 ms", () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const processing = () => new Response(JSON.stringify({ task_id: "t1", status: "processing" }), { headers: { "content-type": "application/json" } });

  it.each([2 ** 31, 2 ** 31 + 1, 2 ** 32, 1e12])("a request timeout of %d ms does not fire at once", async (timeoutMs) => {
    vi.useFakeTimers();
    const mv = new MindVideo({ apiKey: "k_0123456789", baseUrl: "http://api.test", timeoutMs, maxRetries: 0, fetch: () => new Promise((resolve) => setTimeout(() => resolve(processing()), 10_000)) });
    const pending = mv.tasks.get("t1");
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(pending).resolves.toMatchObject({ status: "processing" });
  });

  it.each([2 ** 31, 2 ** 31 + 5, 2 ** 33])("a wait deadline of %d ms neither fires at once nor never", async (timeoutMs) => {
    vi.useFakeTimers();
    const mv = new MindVideo({ apiKey: "k_0123456789", baseUrl: "http://api.test", fetch: async () => processing() });
    let settled: unknown = "pending";
    const waiting = mv.tasks.wait("t1", { timeoutMs, pollIntervalMs: timeoutMs * 2, maxPollIntervalMs: timeoutMs * 2 }).catch((e: unknown) => (settled = e));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).toBe("pending");
    await vi.advanceTimersByTimeAsync(timeoutMs);
    await waiting;
    expect(settled).toBeInstanceOf(WaitTimeoutError);
  });
});

describe("options that would make a tight loop or a timer that fires at once", () => {
  it.each<[string, Record<string, unknown>]>([
    ["retry.initialDelayMs NaN", { retry: { initialDelayMs: NaN } }],
    ["retry.minDelayMs -1", { retry: { minDelayMs: -1 } }],
    ["retry.jitter 2", { retry: { jitter: 2 } }],
    ["timeoutMs NaN", { timeoutMs: NaN }],
    ["maxResponseBytes Infinity", { maxResponseBytes: Infinity }],
    ["maxRetries a string", { maxRetries: "3" }],
  ])("the client refuses %s when configured", (_name, options) => {
    expect(() => new MindVideo({ apiKey: "k_0123456789", ...options })).toThrow(/must be/);
  });

  it.each([NaN, -1, "60000"])("wait() refuses a timeoutMs of %s before polling", async (timeoutMs) => {
    let fetched = 0;
    const mv = new MindVideo({ apiKey: "k_0123456789", baseUrl: "http://api.test", fetch: async () => (fetched++, new Response("{}")) });
    await expect(mv.tasks.wait("t1", { timeoutMs: timeoutMs as number })).rejects.toThrow(/timeoutMs must be a number/);
    expect(fetched).toBe(0);
  });

  it.each([NaN, -5, undefined])("a poll interval of %s falls back to the default schedule", async (pollIntervalMs) => {
    const { nextPollDelay, DEFAULT_POLL_OPTIONS } = await import("../../src/poll.js");
    expect(nextPollDelay(0, undefined, { pollIntervalMs: pollIntervalMs as number })).toBe(DEFAULT_POLL_OPTIONS.pollIntervalMs);
  });
});

describe("Retry-After: malformed, negative or past hints are ignored; no delay is below the floor", () => {
  const NOW = Date.now();
  const floor = Math.min(DEFAULT_RETRY_OPTIONS.minDelayMs, DEFAULT_RETRY_OPTIONS.initialDelayMs);
  it.each<[string, Record<string, string>]>([
    ["-1", { "retry-after": "-1" }],
    ["0", { "retry-after": "0" }],
    ["retry-after-ms 0", { "retry-after-ms": "0" }],
    ["retry-after-ms -5", { "retry-after-ms": "-5" }],
    ["a past date", { "retry-after": new Date(NOW - 60_000).toUTCString() }],
    ["the epoch", { "retry-after": "Thu, 01 Jan 1970 00:00:00 GMT" }],
    ["NaN", { "retry-after": "NaN" }],
    ["Infinity", { "retry-after": "Infinity" }],
    ["1e3", { "retry-after": "1e3" }],
    ["a list", { "retry-after": "5, 6" }],
    ["hex", { "retry-after": "0x10" }],
    ["a huge number", { "retry-after": "99999999999999999999" }],
  ])("Retry-After %s", (_name, given) => {
    const delay = retryDelayMs(1, new Headers(given), DEFAULT_RETRY_OPTIONS, () => 1);
    expect(delay).toBeGreaterThanOrEqual(floor);
    expect(delay).toBeLessThanOrEqual(DEFAULT_RETRY_OPTIONS.maxRetryAfterMs);
  });

  it("a 429 storm with Retry-After: 0 and many retries waits at least the floor each time (real server)", async () => {
    const storm = await startServer((_req, res) => {
      res.writeHead(429, { "retry-after": "0", "content-type": "application/json" });
      res.end('{"error":{"message":"slow down"}}');
    });
    try {
      const delays: number[] = [];
      const gw = new VideoGateway({ apiKey: "k_0123456789", baseUrl: storm.url, maxRetries: 5, retry: { initialDelayMs: 2, minDelayMs: 2 }, debug: (e: DebugEvent) => e.type === "retry" && delays.push(e.delayMs) });
      await expect(gw.tasks.get("t1")).rejects.toBeInstanceOf(RateLimitError);
      expect(delays).toEqual([2, 2, 2, 2, 2]);
      expect(storm.requests).toHaveLength(6);
    } finally {
      await storm.close();
    }
  });
});
