/**
 * The stateful mock: the task simulator behind the contract front, so every request and response below is
 * validated against the spec, and each violation is recorded (GET /__mock/violations).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdempotencyConflictError, MindVideo, parseGatewayCallback, TaskFailedError, VideoGateway, type Task } from "../../src/index.js";
import { startMockStack, type MockStack } from "../../scripts/lib/mock-stack.js";
import { exerciseGenerationClient } from "../helpers/generation-client-suite.js";
import { runSeedCurl, seedPages } from "../helpers/seed-curls.js";

const CALLBACK_SCALE = 0.05; // 10 s timeout → 500 ms; retries after 1/2/4 s → 50/100/200 ms
let stack: MockStack;
let mv: MindVideo;
let gw: VideoGateway;
const fast = { pollIntervalMs: 50, maxPollIntervalMs: 200 };

beforeAll(async () => {
  stack = await startMockStack({ stateful: true, mindvideoPort: 0, gatewayPort: 0, timing: { queuedMs: 100, processingMs: 500 }, callbackTimeScale: CALLBACK_SCALE });
  mv = new MindVideo({ apiKey: "mv_test_key", baseUrl: stack.mindvideo.url });
  gw = new VideoGateway({ apiKey: "gw_test_key", baseUrl: stack.gateway.url });
}, 120_000);
afterAll(() => stack?.stop());

describe("MindVideo through prism proxy and the simulator", () => {
  it("tasks.run() end to end, with no violation reported by Prism", async () => {
    const before = stack.violations.total();
    const updates: string[] = [];
    const task = await mv.tasks.run(
      { model: "doubao-seedance-1-0-pro-quality", input: { prompt: "A girl spinning under cherry blossoms, petals drifting in the wind", aspect_ratio: "9:16", resolution: "1080p", duration: 5 } },
      { ...fast, onUpdate: (t) => updates.push(t.status) },
    );
    expect(task.status).toBe("succeeded");
    expect(task.output.videos[0]!.url).toMatch(/\/__mock\/outputs\/.+\.mp4$/);
    expect(task.cost_estimate).toBe(0.585);
    expect(task.cost_actual).toBe(0.585);
    expect(updates).toContain("succeeded");
    expect(stack.violations.total()).toBe(before);
  });

  it.each([
    ["doubao-seedance-2-0-fast", { prompt: "A cinematic tracking shot of a futuristic city street after rain", size: "16:9", resolution: "720p", duration: 5, generate_audio: true }, 0.0657],
    ["apimart-doubao-seedance-4-0", { prompt: "一只可爱的熊猫坐在竹林里,阳光透过竹叶洒下来", size: "1:1", resolution: "2K", n: 1 }, 0.0252],
  ] as const)("%s: the seed's example costs what the seed says", async (model, input, cost) => {
    const task = await mv.tasks.create({ model, input } as never);
    expect(task.cost_estimate).toBe(cost);
  });

  it("image models produce images, n of them", async () => {
    const task = await mv.tasks.run({ model: "apimart-doubao-seedance-4-0", input: { prompt: "a panda", n: 3 } }, fast);
    expect(task.output.images).toHaveLength(3);
    expect(task.output.images[0]!.url).toMatch(/\.png$/);
  });

  it("same key and payload return the same task with no second charge; another payload gets 409", async () => {
    const sim = { get charges() { return stack.simulator!.charges(); } };
    const charges = sim.charges.length;
    const params = { model: "doubao-seedance-2-0-fast", input: { prompt: "idempotent" } } as const;
    const first = await mv.tasks.create(params, { idempotencyKey: "biz-order-1" });
    const again = await mv.tasks.create(params, { idempotencyKey: "biz-order-1" });
    expect(again.task_id).toBe(first.task_id);
    expect(sim.charges.length).toBe(charges + 1);
    const conflict = await mv.tasks.create({ ...params, input: { prompt: "different" } }, { idempotencyKey: "biz-order-1" }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(IdempotencyConflictError);
    expect(sim.charges.length).toBe(charges + 1);
  });

  it.each([
    ["[fail]", "failed"],
    ["[cancel]", "cancelled"],
  ])("a prompt with %s ends %s, charged nothing", async (marker, status) => {
    const error = (await mv.tasks.run({ model: "doubao-seedance-2-0-fast", input: { prompt: `please ${marker}` } }, fast).catch((e: unknown) => e)) as TaskFailedError<Task>;
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.task.status).toBe(status);
    expect(error.task.cost_actual).toBe(0);
  });

  it("events tell the whole story, page by page", async () => {
    const task = await mv.tasks.run({ model: "doubao-seedance-2-0-fast", input: { prompt: "events" } }, fast);
    const types: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await mv.tasks.events(task.task_id, { limit: 2, ...(after ? { after } : {}) });
      pages++;
      types.push(...page.data.map((e) => e.type));
      if (!page.has_more) break;
      after = page.next_cursor!;
    }
    expect(types).toEqual(["task.queued", "task.processing", "task.progress", "task.progress", "task.progress", "task.succeeded"]);
    expect(pages).toBe(3);
  });

  it("a request without a bearer key gets 401 in the contract's envelope, and Prism reports it", async () => {
    const before = stack.violations.total();
    const response = await fetch(`${stack.mindvideo.url}/api/v1/tasks/task_x`);
    expect(response.status).toBe(401);
    expect((await response.json()).error).toMatchObject({ code: "invalid_api_key", type: "authentication_error" });
    expect(stack.violations.list().slice(before - stack.violations.total()).map((v) => v.line)).toEqual([expect.stringMatching(/^GET \/api\/v1\/tasks\/task_x request: 401 Missing bearer/)]);
  });

  it("the client turns that 401 into AuthenticationError", async () => {
    const anonymous = new MindVideo({ apiKey: null, baseUrl: stack.mindvideo.url, maxRetries: 0 });
    await expect(anonymous.tasks.get("task_x")).rejects.toMatchObject({ name: "AuthenticationError", status: 401, code: "invalid_api_key" });
  });
});

describe("one GenerationClient test, both providers", () => {
  it("MindVideo", async () => {
    await exerciseGenerationClient(mv.generations, { model: "doubao-seedance-2-0-fast", input: { prompt: "a lighthouse at dusk" } }, { model: "doubao-seedance-2-0-fast", input: { prompt: "[fail] a lighthouse" } });
  });
  it("gateway", async () => {
    await exerciseGenerationClient(gw.generations, { model: "doubao-seedance-1.0-pro-fast", input: { prompt: "a lighthouse at dusk" } }, { model: "doubao-seedance-1.0-pro-fast", input: { prompt: "[fail] a lighthouse" } });
  });
  it("the gateway's links expire 24 hours after completion, scaled like the mock's timing", async () => {
    const done = await gw.generations.run({ model: "doubao-seedance-1.0-pro-fast", input: { prompt: "expiry" } }, fast);
    const completedAt = (done.raw as { completed: number }).completed * 1000;
    // The mock runs a task in 600 ms where its default is 5 s, so a day of link life becomes 0.12 day (±1 s of rounding).
    expect(Math.abs(Date.parse(done.expiresAt!) - completedAt - 24 * 60 * 60 * 1000 * (600 / 5_000))).toBeLessThanOrEqual(1_000);
  });
});

describe("gateway callbacks (loopback allowed in this mode only)", () => {
  async function receiver(answer: (attempt: number) => number | "hang") {
    const bodies: { at: number; body: string }[] = [];
    let hungUp = 0;
    const listeners = new Set<() => void>();
    const notify = () => listeners.forEach((listener) => listener());
    const server: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c));
      req.on("end", () => {
        bodies.push({ at: Date.now(), body });
        const status = answer(bodies.length);
        if (status === "hang") {
          // The sender giving up on a hanging receiver closes the connection: that is the event.
          res.on("close", () => (hungUp++, notify()));
          notify();
          return;
        }
        res.writeHead(status).end();
        notify();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    /** Resolves on the receiver event that makes `condition` true; the timeout only bounds the wait. */
    const until = (condition: (seen: { requests: number; hungUp: number }) => boolean, timeoutMs: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!condition({ requests: bodies.length, hungUp })) return;
          clearTimeout(bound);
          listeners.delete(check);
          resolve();
        };
        const bound = setTimeout(() => (listeners.delete(check), reject(new Error(`receiver: condition not met within ${timeoutMs} ms (${bodies.length} requests, ${hungUp} hung up)`))), timeoutMs);
        listeners.add(check);
        check();
      });
    return { url: `https://127.0.0.1:${port}/hook`, bodies, until, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
  }

  const createWithCallback = async (callbackUrl: string) => {
    // Raw fetch: the client itself refuses loopback callback URLs, as the real gateway does.
    const response = await fetch(`${stack.gateway.url}/v1/videos/generations`, {
      method: "POST",
      headers: { authorization: "Bearer gw_test_key", "content-type": "application/json" },
      body: JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "callback please", callback_url: callbackUrl }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  };
  it("retries a failing receiver after 1, 2 and 4 s (scaled) and stops at the first 2xx", async () => {
    const hook = await receiver((attempt) => (attempt < 3 ? 500 : 204));
    try {
      const id = await createWithCallback(hook.url);
      // Stopping after the 2xx (no fourth attempt) is the simulator's own test, on a manual clock (test/mock/simulator.test.ts).
      await hook.until(({ requests }) => requests === 3, 10_000);
      expect(hook.bodies).toHaveLength(3);
      const [a, b, c] = hook.bodies.map((x) => x.at);
      expect(b! - a!).toBeGreaterThanOrEqual(1000 * CALLBACK_SCALE - 5);
      expect(c! - b!).toBeGreaterThanOrEqual(2000 * CALLBACK_SCALE - 5);
      const { task, generation } = parseGatewayCallback(hook.bodies[2]!.body);
      expect(task.id).toBe(id);
      expect(generation.status).toBe("succeeded");
    } finally {
      await hook.close();
    }
  });

  it("gives up after 3 retries, and treats a hang past the timeout as a failure", async () => {
    const hook = await receiver(() => "hang");
    try {
      const id = await createWithCallback(hook.url);
      // Each attempt ends when the sender's timeout closes the connection; no fifth attempt is scheduled
      // after the fourth (the schedule itself is the simulator's test, on a manual clock).
      await hook.until(({ hungUp }) => hungUp === 4, 20_000);
      expect(hook.bodies).toHaveLength(4);
      const attempts = stack.simulator!.deliveries().filter((d) => d.taskId === id);
      expect(attempts.map((d) => d.attempt)).toEqual([1, 2, 3, 4]);
      expect(attempts.every((d) => d.error !== undefined)).toBe(true);
    } finally {
      await hook.close();
    }
  }, 30_000);
});

describe("seed curl examples against the stateful mock", () => {
  it.each(seedPages.map((page) => [page.file, page] as const))("%s: submit, then fetch the task and its events", async (_file, page) => {
    // The published key is task_$(date +%s): two pages' payloads within one second would (rightly) get 409,
    // so the mock starts empty for each page rather than the test waiting for the next second.
    expect((await fetch(`${stack.mindvideo.url}/__mock/reset`, { method: "POST" })).status).toBe(200);
    const before = stack.violations.total();
    const [submit, fetchTask, fetchEvents] = page.curls as [string, string, string];
    const created = await runSeedCurl(submit, stack.mindvideo.url);
    expect(created.status).toBe(200);
    expect(created.body.status).toBe("queued");
    const replace = { task_demo_model: created.body.task_id as string };
    const task = await runSeedCurl(fetchTask, stack.mindvideo.url, replace);
    expect(task.status).toBe(200);
    expect(task.body.task_id).toBe(created.body.task_id);
    const events = await runSeedCurl(fetchEvents, stack.mindvideo.url, replace);
    expect(events.status).toBe(200);
    expect(events.body.data[0].type).toBe("task.queued");
    expect(stack.violations.total()).toBe(before);
  });
});
