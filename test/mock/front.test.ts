/**
 * The mock's front over real HTTP, both modes: CORS, chunked bodies, hostile URLs, the control API
 * under /__mock/, scenarios, violations. Static mode runs real Prism children behind the front.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockStack, type MockStack } from "../../scripts/lib/mock-stack.js";
import { freePort } from "../../scripts/lib/prism.js";

const stacks: Record<"static" | "stateful", MockStack> = {} as never;
const printed: string[] = [];

beforeAll(async () => {
  const [a, b, c, d] = [await freePort(), await freePort(), await freePort(), await freePort()];
  [stacks.static, stacks.stateful] = await Promise.all([
    startMockStack({ mindvideoPort: a, gatewayPort: b }),
    startMockStack({ stateful: true, mindvideoPort: c, gatewayPort: d, timing: { queuedMs: 50, processingMs: 200 }, maxViolations: 5, onViolation: (v) => printed.push(v.line) }),
  ]);
}, 120_000);
afterAll(() => Promise.all(Object.values(stacks).map((s) => s?.stop())));

const auth = { authorization: "Bearer front_test" };
const VALID = JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "a harbour at dawn" } });

/** A raw request, so the test controls framing (chunked) and the exact path bytes. */
function raw(base: string, method: string, path: string, headers: Record<string, string>, chunks: string[] = []): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe.each(["static", "stateful"] as const)("%s mode", (mode) => {
  const mv = () => stacks[mode].mindvideo.url;
  const gw = () => stacks[mode].gateway.url;

  it("answers a CORS preflight from another origin, and marks answers readable by it", async () => {
    const preflight = await fetch(`${mv()}/api/v1/tasks`, { method: "OPTIONS", headers: { origin: "http://docs.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, idempotency-key" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://docs.example");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/idempotency-key/);
    const answer = await fetch(`${mv()}/api/v1/tasks`, { method: "POST", headers: { ...auth, origin: "http://docs.example", "content-type": "application/json" }, body: VALID });
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://docs.example");
    expect(answer.headers.get("access-control-expose-headers")).toMatch(/x-request-id/);
    expect(answer.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("accepts a chunked body", async () => {
    const answer = await raw(mv(), "POST", "/api/v1/tasks", { ...auth, "content-type": "application/json", "transfer-encoding": "chunked" }, [VALID.slice(0, 20), VALID.slice(20)]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).task_id).toEqual(expect.any(String));
  });

  it.each([
    ["/api/v1/tasks/%E0%A4%A", 400],
    ["/api/v1/tasks/abc%zz", 400],
    ["/%", 404],
    ["/api/v1/nope", 404],
  ])("MindVideo GET %s → %i in the envelope", async (path, status) => {
    const answer = await raw(mv(), "GET", path, auth);
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: expect.any(String), type: expect.any(String) });
  });

  it("gateway GET /v1/tasks/%E0%A4%A → 400 with a numeric code", async () => {
    const answer = await raw(gw(), "GET", "/v1/tasks/%E0%A4%A", auth);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 400, param: "task_id" });
  });

  it("invalid input is 400 invalid_input naming the field, not the 422 example", async () => {
    const answer = await fetch(`${mv()}/api/v1/tasks`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "x", duration: 99 } }) });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: unknown }).error).toMatchObject({ code: "invalid_input", param: "input.duration", message: expect.stringContaining("doubao-seedance-2-0-fast") });
  });

  it("a body over the cap is 413, malformed JSON and a UTF-16 charset 400 in the envelope", async () => {
    const post = (body: string, type = "application/json") => fetch(`${mv()}/api/v1/tasks`, { method: "POST", headers: { ...auth, "content-type": type }, body });
    const big = await post(JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "x", image_urls: [`data:image/png;base64,${"A".repeat(5 * 1024 * 1024)}`] } }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { type: string } }).error.type).toBe("request_too_large_error");
    for (const answer of [await post("{"), await post(VALID, "application/json; charset=utf-16"), await post(`\uFEFF${VALID}`), await post(`${"[".repeat(10_000)}${"]".repeat(10_000)}`)]) {
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { error: unknown }).error).toMatchObject({ code: "invalid_json", type: "invalid_request_error" });
    }
  });

  it("GET /__mock/violations lists what was refused, one line each", async () => {
    await fetch(`${mv()}/api/v1/tasks/x/events?limit=abc`, { headers: auth });
    const listed = (await (await fetch(`${mv()}/__mock/violations`)).json()) as { total: number; data: { line: string }[] };
    expect(listed.data.at(-1)!.line).toMatch(/^GET \/api\/v1\/tasks\/x\/events\?limit=abc request: 400 limit must be integer$/);
  });
});

describe("static mode specifics", () => {
  it("honours Prefer: code= and example=", async () => {
    const base = stacks.static.gateway.url;
    const notFound = await fetch(`${base}/v1/tasks/t`, { headers: { ...auth, prefer: "code=404" } });
    expect(notFound.status).toBe(404);
    const failed = await fetch(`${base}/v1/tasks/t`, { headers: { ...auth, prefer: "example=failed" } });
    expect(((await failed.json()) as { status: string }).status).toBe("failed");
  });

  it("keeps its Prism children alive through hostile requests", async () => {
    for (const path of ["/api/v1/tasks/%E0%A4%A", "/%", "/api/v1/tasks/abc%zz"]) await raw(stacks.static.mindvideo.url, "GET", path, auth);
    for (const child of stacks.static.children) expect(() => process.kill(child.pid, 0)).not.toThrow();
  });
});

describe("stateful control API", () => {
  const mv = () => stacks.stateful.mindvideo.url;
  const post = (headers: Record<string, string> = {}) => fetch(`${mv()}/api/v1/tasks`, { method: "POST", headers: { ...auth, "content-type": "application/json", ...headers }, body: VALID });

  it("lists tasks with a total, and forgets them on reset (from either port)", async () => {
    await fetch(`${mv()}/__mock/reset`, { method: "POST" });
    await post();
    await post();
    const listed = (await (await fetch(`${stacks.stateful.gateway.url}/__mock/tasks`)).json()) as { total: number; data: { provider: string }[] };
    expect(listed.total).toBe(2);
    expect(listed.data.map((t) => t.provider)).toEqual(["mindvideo", "mindvideo"]);
    await fetch(`${mv()}/__mock/reset`, { method: "POST" });
    expect(((await (await fetch(`${mv()}/__mock/tasks`)).json()) as { total: number }).total).toBe(0);
  });

  it("scenario by default (PUT /__mock/scenario) and per request (x-mock-scenario)", async () => {
    const set = await fetch(`${mv()}/__mock/scenario`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ scenario: "rate-limited" }) });
    expect(set.status).toBe(200);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await post({ "x-mock-scenario": "server-error" })).status).toBe(500);
    expect((await post({ "x-mock-scenario": "none" })).status).toBe(200);
    await fetch(`${mv()}/__mock/reset`, { method: "POST" });
    expect((await post()).status).toBe(200);
  });

  it("prints each violation once and keeps only the newest few", async () => {
    const before = printed.length;
    for (let i = 0; i < 8; i++) await fetch(`${mv()}/api/v1/tasks/t${i}/events?limit=0`, { headers: auth });
    expect(printed.slice(before)).toHaveLength(8);
    expect(printed.slice(before).every((line) => !line.includes("\n"))).toBe(true);
    const listed = (await (await fetch(`${mv()}/__mock/violations`)).json()) as { total: number; data: { path: string }[] };
    expect(listed.data).toHaveLength(5);
    expect(listed.data.at(-1)!.path).toBe("/api/v1/tasks/t7/events?limit=0");
  });

  it("output links point at the mock and download", async () => {
    const created = (await (await post()).json()) as { task_id: string };
    let task: { status: string; output: { videos: { url: string }[] } | null };
    do task = (await (await fetch(`${mv()}/api/v1/tasks/${created.task_id}`, { headers: auth })).json()) as typeof task;
    while (task.status !== "succeeded");
    const file = await fetch(task.output!.videos[0]!.url, { headers: { range: "bytes=0-3" } });
    expect(file.status).toBe(206);
    expect(file.headers.get("access-control-allow-origin")).toBe("*");
  });
});
