/**
 * The simulator as a web-standard module: Request in, Response out, time from a manual clock. No
 * server, no real waiting: every phase, timer and callback below happens in virtual time.
 */
import { describe, expect, it } from "vitest";
import { createManualClock, createSimulator, MAX_TIMER_MS, systemClock, type SimulatorOptions } from "../../src/simulator/index.js";
import { CALLBACK_POLICY, estimateCost, MAX_RETRY_AFTER_SECONDS, SEED_COSTS } from "../../src/simulator/facts.js";
import { readFileSync } from "node:fs";
import type { ModelSlug } from "../../generated/models/registry.js";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { repoRoot } from "../helpers/openapi.js";

const START = Date.UTC(2026, 0, 1);
const ORIGIN = "http://mock.test";

function setup(options: SimulatorOptions = {}) {
  const clock = createManualClock(START);
  const sim = createSimulator({ clock, timing: { queuedMs: 1_000, processingMs: 4_000 }, ...options });
  const call = async (method: string, path: string, init: { token?: string | null; body?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...(init.token === null ? {} : { authorization: `Bearer ${init.token ?? "key_a"}` }), ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers };
    const response = await sim.handle(new Request(`${ORIGIN}${path}`, { method, headers, ...(init.body === undefined ? {} : { body: init.body }) }));
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  return { clock, sim, call };
}

const MV_BODY = JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "a quiet harbour", resolution: "720p", duration: 5 } });

describe("MindVideo, driven by a manual clock", () => {
  it("walks queued → processing → succeeded as the clock moves", async () => {
    const { clock, call } = setup();
    const created = await call("POST", "/api/v1/tasks", { body: MV_BODY });
    expect(created.status).toBe(200);
    const id = created.body!.task_id as string;
    expect((await call("GET", `/api/v1/tasks/${id}`)).body!.status).toBe("queued");
    clock.advance(2_000);
    expect((await call("GET", `/api/v1/tasks/${id}`)).body!.status).toBe("processing");
    clock.advance(3_000);
    const done = await call("GET", `/api/v1/tasks/${id}`);
    expect(done.body).toMatchObject({ status: "succeeded", progress: 100, cost_actual: 0.0657 });
    expect(done.body!.output.videos[0].url).toBe(`${ORIGIN}/__mock/outputs/${id}/0.mp4`);
  });

  it("one request id per request: the header and the body agree", async () => {
    const { call } = setup();
    const created = await call("POST", "/api/v1/tasks", { body: MV_BODY });
    expect(created.headers.get("x-request-id")).toBe(created.body!.request_id);
    const error = await call("GET", "/api/v1/tasks/nope");
    expect(error.headers.get("x-request-id")).toBe(error.body!.request_id);
    expect(error.body!.request_id).not.toBe(created.body!.request_id);
  });

  it("the same payload with keys in another order and other whitespace is a replay, not a conflict", async () => {
    const { sim, call } = setup();
    const first = await call("POST", "/api/v1/tasks", { body: MV_BODY, headers: { "idempotency-key": "order-1" } });
    const reordered = `{ "input": {"duration": 5, "resolution": "720p",  "prompt": "a quiet harbour"},\n "model": "doubao-seedance-2-0-fast" }`;
    const again = await call("POST", "/api/v1/tasks", { body: reordered, headers: { "idempotency-key": "order-1" } });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body!.task_id).toBe(first.body!.task_id);
    expect(sim.charges()).toHaveLength(1);
    const other = await call("POST", "/api/v1/tasks", { body: MV_BODY.replace("harbour", "harbor"), headers: { "idempotency-key": "order-1" } });
    expect(other.status).toBe(409);
  });

  it("idempotency keys and tasks are scoped per bearer token", async () => {
    const { sim, call } = setup();
    const a = await call("POST", "/api/v1/tasks", { body: MV_BODY, token: "tenant_a", headers: { "idempotency-key": "shared" } });
    const b = await call("POST", "/api/v1/tasks", { body: MV_BODY, token: "tenant_b", headers: { "idempotency-key": "shared" } });
    expect(b.headers.get("idempotent-replayed")).toBe("false");
    expect(b.body!.task_id).not.toBe(a.body!.task_id);
    expect(sim.charges()).toHaveLength(2);
    expect((await call("GET", `/api/v1/tasks/${a.body!.task_id}`, { token: "tenant_b" })).status).toBe(404);
    expect((await call("GET", `/api/v1/tasks/${a.body!.task_id}`, { token: "tenant_a" })).status).toBe(200);
  });

  it("Retry-After stays finite and capped whatever the duration marker says", async () => {
    const { call } = setup();
    const created = await call("POST", "/api/v1/tasks", { body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: `x [duration=${"9".repeat(400)}]` } }) });
    expect(created.status).toBe(200);
    expect(Number(created.headers.get("retry-after"))).toBe(MAX_RETRY_AFTER_SECONDS);
  });

  it.each([
    ["a malformed percent-escape", "/api/v1/tasks/%E0%A4%A", 400],
    ["a lone percent sign", "/api/v1/tasks/%", 400],
    ["an unknown route", "/api/v1/nothing", 404],
    ["a path outside both APIs", "/elsewhere", 404],
  ])("%s answers %s in the envelope, never 500", async (_name, path, status) => {
    const { call } = setup();
    const answer = await call("GET", path);
    expect(answer.status).toBe(status);
    expect(answer.body!.error).toMatchObject({ type: expect.any(String), message: expect.any(String) });
  });

  it("a body over the cap is refused with 413 after reading no more than the cap", async () => {
    const { sim } = setup({ maxBodyBytes: 1_000 });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 100;
        controller.enqueue(new Uint8Array(100).fill(32));
      },
    });
    const response = await sim.handle(new Request(`${ORIGIN}/api/v1/tasks`, { method: "POST", headers: { authorization: "Bearer k" }, body: endless, duplex: "half" } as RequestInit));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("request_too_large");
    expect(pulled).toBeLessThanOrEqual(1_300);
  });

  it("costs come from the seeds' worked examples", () => {
    for (const seed of SEED_COSTS) {
      const input = seed.images > 0 ? { prompt: "p", n: seed.images, resolution: seed.resolution } : { prompt: "p", duration: seed.seconds, resolution: seed.resolution };
      expect(estimateCost(seed.model as ModelSlug, input)).toBe(seed.cost);
    }
  });
});

describe("gateway, driven by a manual clock", () => {
  const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "a cat playing piano", ...extra });

  it("delivers the callback when the task ends, not before, even for a task longer than 2^31 ms", async () => {
    const hits: unknown[] = [];
    const { clock, call } = setup({ fetch: async (_url, init) => (hits.push(JSON.parse(String(init?.body))), new Response(null, { status: 204 })) });
    const created = await call("POST", "/v1/videos/generations", { body: body({ callback_url: "https://hooks.example.com/done", prompt: "long [duration=86400000]" }) });
    expect(created.status).toBe(200);
    clock.advance(86_400_000 - 1);
    await Promise.resolve();
    expect(hits).toHaveLength(0);
    clock.advance(1);
    await new Promise((r) => queueMicrotask(() => r(undefined)));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ id: created.body!.id, status: "completed" });
  });

  it.each([
    ["cloud metadata (link-local)", "https://169.254.169.254/latest"],
    ["private 10/8", "https://10.0.0.8/hook"],
    ["loopback by name", "https://localhost/hook"],
    ["IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/hook"],
    ["unique-local IPv6", "https://[fd00::1]/hook"],
  ])("refuses a callback to %s", async (_name, url) => {
    const { sim, call } = setup({ fetch: async () => new Response(null) });
    const answer = await call("POST", "/v1/videos/generations", { body: body({ callback_url: url }) });
    expect(answer.status).toBe(400);
    expect(answer.body!.error).toMatchObject({ code: 400, param: "callback_url" });
    expect(sim.tasks()).toHaveLength(0);
  });

  it("accepts a loopback callback only when allowed", async () => {
    const { call } = setup({ allowLoopbackCallbacks: true, fetch: async () => new Response(null) });
    expect((await call("POST", "/v1/videos/generations", { body: body({ callback_url: "https://127.0.0.1:9/hook" }) })).status).toBe(200);
  });

  it("retries a failing receiver on the spec's schedule", async () => {
    const attempts: number[] = [];
    const { clock, sim, call } = setup({ fetch: async () => (attempts.push(clock.now()), new Response(null, { status: 500 })) });
    await call("POST", "/v1/videos/generations", { body: body({ callback_url: "https://hooks.example.com/x" }) });
    for (let i = 0; i < 20; i++) {
      clock.advance(1_000);
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(attempts).toHaveLength(1 + CALLBACK_POLICY.maxRetries);
    const gaps = attempts.slice(1).map((at, i) => (at - attempts[i]!) / 1000);
    expect(gaps).toEqual([...CALLBACK_POLICY.retryDelaysSeconds]);
    expect(sim.deliveries().map((d) => d.status)).toEqual([500, 500, 500, 500]);
  });

  it("stops retrying at the receiver's first 2xx", async () => {
    const answers = [500, 500, 204];
    const { clock, sim, call } = setup({ fetch: async () => new Response(null, { status: answers.shift() ?? 500 }) });
    await call("POST", "/v1/videos/generations", { body: body({ callback_url: "https://hooks.example.com/x" }) });
    for (let i = 0; i < 20; i++) {
      clock.advance(1_000);
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(sim.deliveries().map((d) => d.status)).toEqual([500, 500, 204]);
  });

  it("the callback policy is the spec's", () => {
    const doc = JSON.parse(readFileSync(join(repoRoot, "generated", "openapi", "gateway.json"), "utf8"));
    const callback = Object.values(doc.paths["/v1/videos/generations"].post.callbacks.taskFinished as Record<string, { post: Record<string, unknown> }>)[0]!;
    expect(callback.post["x-callback-policy"]).toEqual(CALLBACK_POLICY);
  });
});

describe("scenarios, reset, tasks()", () => {
  it.each([
    ["fail", "failed"],
    ["cancel", "cancelled"],
  ])("scenario %s by header ends the task %s", async (scenario, status) => {
    const { clock, call } = setup();
    const created = await call("POST", "/api/v1/tasks", { body: MV_BODY, headers: { "x-mock-scenario": scenario } });
    clock.advance(10_000);
    expect((await call("GET", `/api/v1/tasks/${created.body!.task_id}`)).body!.status).toBe(status);
  });

  it("rate-limited answers 429 with Retry-After; server-error answers 500; both by default too", async () => {
    const { sim, call } = setup();
    const limited = await call("POST", "/api/v1/tasks", { body: MV_BODY, headers: { "x-mock-scenario": "rate-limited" } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    sim.setScenario("server-error");
    expect((await call("GET", "/v1/tasks/x")).status).toBe(500);
    sim.reset();
    expect(sim.scenario()).toBe("none");
    expect((await call("POST", "/api/v1/tasks", { body: MV_BODY })).status).toBe(200);
  });

  it("slow stretches the task tenfold", async () => {
    const { sim, call } = setup();
    await call("POST", "/api/v1/tasks", { body: MV_BODY, headers: { "x-mock-scenario": "slow" } });
    const [task] = sim.tasks();
    expect(task!.endsAt - task!.createdAt).toBe(50_000);
  });

  it("an unknown scenario is a 400 naming the allowed ones", async () => {
    const { call } = setup();
    const answer = await call("POST", "/api/v1/tasks", { body: MV_BODY, headers: { "x-mock-scenario": "explode" } });
    expect(answer.status).toBe(400);
    expect(answer.body!.error.message).toMatch(/fail, cancel, slow/);
  });

  it("reset forgets every task and key", async () => {
    const { sim, call } = setup();
    const created = await call("POST", "/api/v1/tasks", { body: MV_BODY, headers: { "idempotency-key": "k" } });
    sim.reset();
    expect(sim.tasks()).toEqual([]);
    expect((await call("GET", `/api/v1/tasks/${created.body!.task_id}`)).status).toBe(404);
    expect((await call("POST", "/api/v1/tasks", { body: MV_BODY, headers: { "idempotency-key": "k" } })).headers.get("idempotent-replayed")).toBe("false");
  });
});

describe("the system clock", () => {
  it("chains a wait past 2^31 ms instead of firing at once", () => {
    const handle = systemClock.setTimeout(() => {
      throw new Error("fired early");
    }, MAX_TIMER_MS * 3);
    expect(handle.scheduledFor - Date.now()).toBeGreaterThan(MAX_TIMER_MS * 2);
    systemClock.clearTimeout(handle);
  });
});

describe("output files", () => {
  const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

  async function finishedVideo(options: SimulatorOptions = {}) {
    const ctx = setup({ linkTtlMs: 60_000, ...options });
    const created = await ctx.call("POST", "/v1/videos/generations", { body: JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "waves" }) });
    ctx.clock.advance(5_000);
    const task = await ctx.call("GET", `/v1/tasks/${created.body!.id}`);
    const link = task.body!.result.videos[0] as { url: string; expires_at: number };
    return { ...ctx, link, get: (headers: Record<string, string> = {}) => ctx.sim.handle(new Request(link.url, { headers })) };
  }

  it("a finished video downloads as an MP4 with Content-Length, from the mock itself", async () => {
    const { link, get } = await finishedVideo();
    expect(link.url.startsWith(`${ORIGIN}/__mock/outputs/`)).toBe(true);
    const response = await get();
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(Number(response.headers.get("content-length"))).toBe(bytes.byteLength);
    // ISO BMFF: boxes (32-bit size + type) tile the file exactly, starting with ftyp.
    const view = new DataView(bytes.buffer);
    const types: string[] = [];
    for (let at = 0; at < bytes.byteLength; at += view.getUint32(at)) types.push(new TextDecoder().decode(bytes.slice(at + 4, at + 8)));
    expect(types).toEqual(["ftyp", "moov", "free"]);
  });

  it("every task's file has bytes of its own, the same on every fetch", async () => {
    const ctx = setup({ linkTtlMs: 60_000 });
    const create = (prompt: string) => ctx.call("POST", "/v1/videos/generations", { body: JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt }) });
    const ids = [(await create("waves")).body!.id, (await create("waves")).body!.id];
    ctx.clock.advance(5_000);
    const bytesOf = async (id: string) => {
      const task = await ctx.call("GET", `/v1/tasks/${id}`);
      return Buffer.from(await (await ctx.sim.handle(new Request(task.body!.result.videos[0].url))).arrayBuffer()).toString("hex");
    };
    const [first, second, firstAgain] = [await bytesOf(ids[0]), await bytesOf(ids[1]), await bytesOf(ids[0])];
    expect(first).not.toBe(second);
    expect(firstAgain).toBe(first);
  });

  it("outputBytes pads each file to that size, still a valid MP4 / PNG (every PNG chunk's CRC checks)", async () => {
    const { get } = await finishedVideo({ outputBytes: 100_000 });
    const video = new Uint8Array(await (await get()).arrayBuffer());
    expect(video.byteLength).toBe(100_000);
    expect(new TextDecoder().decode(video.slice(4, 8))).toBe("ftyp");
    const ctx = setup({ outputBytes: 5_000 });
    const created = await ctx.call("POST", "/api/v1/tasks", { body: JSON.stringify({ model: "apimart-doubao-seedance-4-0", input: { prompt: "a panda" } }) });
    ctx.clock.advance(10_000);
    const task = await ctx.call("GET", `/api/v1/tasks/${created.body!.task_id}`);
    const png = new Uint8Array(await (await ctx.sim.handle(new Request(task.body!.output.images[0].url))).arrayBuffer());
    expect(png.byteLength).toBe(5_000);
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    const view = new DataView(png.buffer);
    const chunks: string[] = [];
    for (let at = 8; at < png.byteLength; at += 12 + view.getUint32(at)) {
      const length = view.getUint32(at);
      chunks.push(new TextDecoder().decode(png.slice(at + 4, at + 8)));
      expect(view.getUint32(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    }
    expect(chunks[0]).toBe("IHDR");
    expect(chunks.at(-1)).toBe("IEND");
  });

  it.each([
    ["bytes=0-7", 206, "bytes 0-7/1000", 8],
    ["bytes=-4", 206, "bytes 996-999/1000", 4],
    ["bytes=100-", 206, "bytes 100-999/1000", 900],
    ["bytes=1000-1100", 416, "bytes */1000", 0],
    ["bytes=abc", 416, "bytes */1000", 0],
  ])("Range %s → %i, %s (a 1000-byte file)", async (range, status, contentRange, length) => {
    const { get } = await finishedVideo({ outputBytes: 1000 });
    const response = await get({ range });
    expect(response.status).toBe(status);
    expect(response.headers.get("content-range")).toBe(contentRange);
    expect((await response.arrayBuffer()).byteLength).toBe(length);
  });

  it("the link expires when expires_at says: 410 from then on", async () => {
    const { clock, link, get } = await finishedVideo();
    expect(link.expires_at * 1000).toBeLessThanOrEqual(clock.now() + 60_000);
    clock.set(link.expires_at * 1000 + 1_000);
    expect((await get()).status).toBe(410);
  });

  it("the expired-links scenario hands out links that are already dead", async () => {
    const ctx = setup();
    const created = await ctx.call("POST", "/api/v1/tasks", { body: JSON.stringify({ model: "apimart-doubao-seedance-4-0", input: { prompt: "a panda", n: 2 } }), headers: { "x-mock-scenario": "expired-links" } });
    ctx.clock.advance(10_000);
    const task = await ctx.call("GET", `/api/v1/tasks/${created.body!.task_id}`);
    expect((await ctx.sim.handle(new Request(task.body!.output.images[1].url))).status).toBe(410);
  });

  it("images are PNGs, one per n; unknown files are 404", async () => {
    const ctx = setup();
    const created = await ctx.call("POST", "/api/v1/tasks", { body: JSON.stringify({ model: "apimart-doubao-seedance-4-0", input: { prompt: "a panda", n: 2 } }) });
    ctx.clock.advance(10_000);
    const task = await ctx.call("GET", `/api/v1/tasks/${created.body!.task_id}`);
    const urls = (task.body!.output.images as { url: string }[]).map((i) => i.url);
    expect(urls).toHaveLength(2);
    const png = await ctx.sim.handle(new Request(urls[1]!));
    expect([...new Uint8Array(await png.arrayBuffer()).slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect((await ctx.sim.handle(new Request(urls[1]!.replace("/1.png", "/2.png")))).status).toBe(404);
    expect((await ctx.sim.handle(new Request(`${ORIGIN}/__mock/outputs/%E0%A4%A/0.png`))).status).toBe(404);
  });
});
