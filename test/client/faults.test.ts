import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APIConnectionError, APITimeoutError, InternalServerError, MindVideo } from "../../src/index.js";
import { startFaultServer, type FaultServer } from "../helpers/fault-server.js";
import { virtualClock } from "../helpers/virtual-clock.js";

const params = { model: "doubao-seedance-1-0-pro-quality", input: { prompt: "A girl spinning under cherry blossoms" } } as const;

describe("against a real HTTP server with faults", () => {
  let server: FaultServer;
  let mv: MindVideo;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.tasks.clear();
    server.faults.length = 0;
    mv = new MindVideo({ apiKey: "mv_test", baseUrl: server.url, timeoutMs: 500, retry: { initialDelayMs: 10, maxDelayMs: 20 }, clock: virtualClock() });
  });

  it("a create whose response was lost after the task was made is retried with the same key and yields exactly one task", async () => {
    server.faults.push("reset-after-create");
    const created = await mv.tasks.create(params);
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests;
    expect(first!.headers["idempotency-key"]).toBe(second!.headers["idempotency-key"]);
    expect(first!.headers["x-attempt-number"]).toBe("1");
    expect(second!.headers["x-attempt-number"]).toBe("2");
    expect(server.tasks.size).toBe(1);
    expect(created.task_id).toBe("task_1");
    expect(created.idempotencyKey).toBe(first!.headers["idempotency-key"]);
  });

  it("a connection reset before the task was made is retried and creates one task", async () => {
    server.faults.push("reset-before-create", "reset-before-create");
    await mv.tasks.create(params);
    expect(server.requests).toHaveLength(3);
    expect(server.tasks.size).toBe(1);
  });

  it("resubmitting later with the key from an error cannot charge twice", async () => {
    server.faults.push("reset-after-create", "reset-after-create", "reset-after-create");
    const error = (await mv.tasks.create(params).catch((e: unknown) => e)) as APIConnectionError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(server.tasks.size).toBe(1);
    const again = await mv.tasks.create(params, { idempotencyKey: error.idempotencyKey! });
    expect(again.task_id).toBe("task_1");
    expect(server.tasks.size).toBe(1);
  });

  it("the same key with a different payload is a 409, not retried", async () => {
    await mv.tasks.create(params, { idempotencyKey: "biz-1" });
    await expect(mv.tasks.create({ ...params, input: { prompt: "something else" } }, { idempotencyKey: "biz-1" })).rejects.toMatchObject({ status: 409, idempotencyKey: "biz-1" });
    expect(server.requests).toHaveLength(2);
    expect(server.tasks.size).toBe(1);
  });

  it("a body that stalls midway times out (the timeout covers the body) and is retried", async () => {
    const created = await mv.tasks.create(params);
    server.faults.push("stall-mid-body");
    const task = await mv.tasks.get(created.task_id);
    expect(task.task_id).toBe(created.task_id);
    expect(server.requests.filter((r) => r.method === "GET")).toHaveLength(2);
  });

  it("a body that always stalls ends in APITimeoutError after maxRetries", async () => {
    const created = await mv.tasks.create(params);
    server.faults.push("stall-mid-body", "stall-mid-body", "stall-mid-body");
    await expect(mv.tasks.get(created.task_id)).rejects.toBeInstanceOf(APITimeoutError);
    expect(server.requests.filter((r) => r.method === "GET")).toHaveLength(3);
  });

  it("a truncated JSON success body is treated as a failed exchange and retried", async () => {
    const created = await mv.tasks.create(params);
    server.faults.push("invalid-json-200");
    const task = await mv.tasks.get(created.task_id);
    expect(task.status).toBe("queued");
    expect(server.requests.filter((r) => r.method === "GET")).toHaveLength(2);
  });

  it("a truncated JSON error body still gives the right class", async () => {
    server.faults.push("truncated-json", "truncated-json", "truncated-json");
    const error = (await mv.tasks.get("task_1").catch((e: unknown) => e)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toMatch(/^500 Internal Server Error \(unreadable JSON body: \{"error": \{"code": "internal_error", "message": "Inter\)$/);
  });

  it("HTML 502 pages are retried, then surface as InternalServerError with the page title", async () => {
    server.faults.push({ html: 502 }, { html: 502 }, { html: 502 });
    const error = (await mv.tasks.create(params).catch((e: unknown) => e)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.message).toBe("502 Bad Gateway (HTML page: 502 Bad Gateway)");
    expect(server.requests).toHaveLength(3);
    expect(server.tasks.size).toBe(0);
  });

  it("a 429 with Retry-After is retried and then succeeds", async () => {
    server.faults.push({ status: 429, headers: { "retry-after": "0.05" } });
    await mv.tasks.create(params);
    expect(server.requests).toHaveLength(2);
    expect(server.tasks.size).toBe(1);
  });

  it("wait and run reach the server's task", async () => {
    const created = await mv.tasks.create(params);
    const entry = server.tasks.get(created.task_id)!;
    // The task finishes once the client has seen it queued: driven by the wait's own event, not a timer.
    const finish = () => Object.assign(entry.task, { status: "succeeded", cost_actual: 0.585, output: { videos: [{ url: "https://example.com/output/demo.mp4" }] } });
    const seen: string[] = [];
    const done = await mv.tasks.wait(created.task_id, { pollIntervalMs: 30, clock: virtualClock(), onUpdate: (t) => (seen.push(t.status), t.status === "queued" && finish()) });
    expect(seen).toEqual(["queued", "succeeded"]);
    expect(done.status).toBe("succeeded");
    expect(done.cost_actual).toBe(0.585);
  });
});
