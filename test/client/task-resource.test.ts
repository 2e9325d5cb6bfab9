/**
 * The one task resource both clients stand on, driven through each provider's adapter with a
 * scripted fetch and a virtual clock. Statuses come from the bundled specs, not from src/.
 */
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { gatewayTaskSpec } from "../../src/gateway/adapter.js";
import { GATEWAY_DEFAULTS } from "../../src/gateway/client.js";
import { APIError, InvalidResponseError, InvalidTaskIdError, TaskFailedError, UnsupportedOptionError, type Clock } from "../../src/index.js";
import { mindVideoTaskSpec } from "../../src/mindvideo/adapter.js";
import { MINDVIDEO_DEFAULTS } from "../../src/mindvideo/client.js";
import { createTaskResource, generationClient, type TaskShape } from "../../src/task-resource.js";
import { bundledDocument } from "../helpers/openapi.js";
import { json, recordingFetch, type Reply } from "../helpers/recording-fetch.js";
import { virtualClock } from "../helpers/virtual-clock.js";

const mindVideoStatuses: string[] = bundledDocument("mindvideo").components.schemas.TaskStatus.enum;
const gatewayStatuses: string[] = bundledDocument("gateway").components.schemas.VideoTask.properties.status.enum;

interface Provider {
  name: "mindvideo" | "gateway";
  /** The spec's status for: waiting in line, running, done, failed, cancelled. */
  status: { queued: string; running: string; done: string; failed: string; cancelled: string };
  createPath: string;
  taskPath: (id: string) => string;
  /** A task answer with this id and status. */
  task: (id: string, status: string, extra?: Record<string, unknown>) => Record<string, unknown>;
  idField: string;
  /** The create request of a valid input. */
  request: { model: string; input: Record<string, unknown> };
  make: (fetch: (r: Request) => Promise<Response>, clock: Clock, maxRetries?: number) => ReturnType<typeof createTaskResource<TaskShape>>;
}

const base = "https://api.test";
const providers: Provider[] = [
  {
    name: "mindvideo",
    status: { queued: "queued", running: "processing", done: "succeeded", failed: "failed", cancelled: "cancelled" },
    createPath: "/api/v1/tasks",
    taskPath: (id) => `/api/v1/tasks/${id}`,
    task: (id, status, extra = {}) => ({ request_id: "req_1", task_id: id, status, model: "doubao-seedance-2-0-fast", ...extra }),
    idField: "task_id",
    request: { model: "doubao-seedance-2-0-fast", input: { prompt: "a cat" } },
    make: (fetch, clock, maxRetries = 0) => {
      const config = createConfig({ apiKey: "k", baseUrl: base, fetch, clock, maxRetries }, MINDVIDEO_DEFAULTS);
      return createTaskResource(config, mindVideoTaskSpec(config, createClient({ baseUrl: base }))) as never;
    },
  },
  {
    name: "gateway",
    status: { queued: "pending", running: "processing", done: "completed", failed: "failed", cancelled: "cancelled" },
    createPath: "/v1/videos/generations",
    taskPath: (id) => `/v1/tasks/${id}`,
    task: (id, status, extra = {}) => ({ id, object: "video.generation.task", created: 1761313744, model: "doubao-seedance-1.0-pro-fast", status, ...extra }),
    idField: "id",
    request: { model: "doubao-seedance-1.0-pro-fast", input: { prompt: "a cat" } },
    make: (fetch, clock, maxRetries = 0) => {
      const config = createConfig({ apiKey: "k", baseUrl: base, fetch, clock, maxRetries }, GATEWAY_DEFAULTS);
      return createTaskResource(config, gatewayTaskSpec(config, createClient({ baseUrl: base }))) as never;
    },
  },
];

const setup = (provider: Provider, replies: Reply[], maxRetries = 0) => {
  const clock = virtualClock();
  const recorder = recordingFetch(replies);
  return { resource: provider.make(recorder.fetch, clock, maxRetries), attempts: recorder.attempts, clock };
};
const params = (p: Provider) => (p.name === "gateway" ? { model: p.request.model, ...p.request.input } : p.request);
const fast = { pollIntervalMs: 20, maxPollIntervalMs: 40 };

describe.each(providers)("$name task resource", (p) => {
  it("uses the spec's own statuses", () => {
    expect(Object.values(p.status).sort()).toEqual([...(p.name === "gateway" ? gatewayStatuses : mindVideoStatuses)].sort());
  });

  it("creates with one POST to the provider's path and returns the task and the Retry-After", async () => {
    const { resource, attempts } = setup(p, [json(200, p.task("t1", p.status.queued), { "retry-after": "7" })]);
    const created = await resource.create(params(p));
    expect(attempts.map((a) => `${a.method} ${a.url}`)).toEqual([`POST ${base}${p.createPath}`]);
    expect(JSON.parse(attempts[0]!.body)).toMatchObject({ model: p.request.model });
    expect(created.task).toMatchObject({ [p.idField]: "t1", status: p.status.queued });
    expect(created.retryAfterMs).toBe(7_000);
  });

  it.each([
    ["no id", {}],
    ["an empty id", { idOverride: "" }],
    ["a numeric id", { idOverride: 42 }],
  ])("refuses a create answer with %s", async (_name, { idOverride }: { idOverride?: unknown }) => {
    const answer = p.task("t1", p.status.queued);
    if (idOverride === undefined) delete answer[p.idField];
    else answer[p.idField] = idOverride;
    const { resource } = setup(p, [json(200, answer)]);
    const error = await resource.create(params(p)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain(`the answer has no ${p.idField}`);
  });

  it.each([
    ["an array", []],
    ["null", null],
    ["a string", "ok"],
  ])("refuses %s as a create answer", async (_name, answer) => {
    const { resource } = setup(p, [json(200, answer)]);
    await expect(resource.create(params(p))).rejects.toThrow(/is not a task object/);
  });

  it("gets a task with one GET to the task's path", async () => {
    const { resource, attempts } = setup(p, [json(200, p.task("t1", p.status.running))]);
    expect(await resource.get("t1")).toMatchObject({ status: p.status.running });
    expect(attempts.map((a) => `${a.method} ${a.url}`)).toEqual([`GET ${base}${p.taskPath("t1")}`]);
  });

  it.each([
    ["get", (r: ReturnType<Provider["make"]>) => r.get("../x")],
    ["wait", (r: ReturnType<Provider["make"]>) => r.wait("../x")],
  ])("%s refuses a bad task id before sending", async (_name, call) => {
    const { resource, attempts } = setup(p, [json(200, p.task("t1", p.status.done))]);
    await expect(call(resource)).rejects.toBeInstanceOf(InvalidTaskIdError);
    expect(attempts).toHaveLength(0);
  });

  it("refuses a get answer that is not a task object", async () => {
    const { resource } = setup(p, [json(200, [1])]);
    await expect(resource.get("t1")).rejects.toThrow(/tasks\.get: the 200 answer is not a task object/);
  });

  it("waits on the client's clock until a terminal status, an unknown one included on the way", async () => {
    const { resource, attempts, clock } = setup(p, [
      json(200, p.task("t1", p.status.queued)),
      json(200, p.task("t1", "upscaling")),
      json(200, p.task("t1", p.status.done)),
    ]);
    const seen: string[] = [];
    const done = await resource.wait("t1", { ...fast, onUpdate: (t) => seen.push(t.status) });
    expect(done.status).toBe(p.status.done);
    expect(seen).toEqual([p.status.queued, "upscaling", p.status.done]);
    expect(attempts).toHaveLength(3);
    expect(clock.slept).toEqual([20, 20]);
  });

  it.each(["failed", "cancelled"] as const)("wait returns a %s task (only run treats it as an error)", async (which) => {
    const { resource } = setup(p, [json(200, p.task("t1", p.status[which]))]);
    expect((await resource.wait("t1")).status).toBe(p.status[which]);
  });

  it("run returns a task that is already done at create, without a GET", async () => {
    const { resource, attempts } = setup(p, [json(200, p.task("t1", p.status.done))]);
    const { task } = await resource.run(params(p));
    expect(task.status).toBe(p.status.done);
    expect(attempts).toHaveLength(1);
  });

  it("run starts waiting from the create answer: its Retry-After sets the first sleep", async () => {
    const { resource, attempts, clock } = setup(p, [json(200, p.task("t1", p.status.queued), { "retry-after": "3" }), json(200, p.task("t1", p.status.done))]);
    const seen: string[] = [];
    const { task } = await resource.run(params(p), { ...fast, maxPollIntervalMs: 10_000, onUpdate: (t) => seen.push(t.status) });
    expect(task.status).toBe(p.status.done);
    expect(clock.slept).toEqual([3_000]);
    expect(attempts.map((a) => a.method)).toEqual(["POST", "GET"]);
    expect(seen).toEqual([p.status.queued, p.status.done]);
  });

  it.each(["failed", "cancelled"] as const)("run throws TaskFailedError for a %s task, quoting the provider's message", async (which) => {
    const { resource } = setup(p, [json(200, p.task("t1", p.status.queued)), json(200, p.task("t1", p.status[which], { error: { code: "E1", message: "content policy" } }))]);
    const error = await resource.run(params(p), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as TaskFailedError).taskId).toBe("t1");
    expect((error as TaskFailedError).task.status).toBe(p.status[which]);
    expect((error as Error).message).toBe(`Task t1 ${p.status[which]}: content policy`);
  });

  it.each([
    ["an empty message", { given: { message: "" }, want: "" }],
    ["a numeric message", { given: { message: 42 }, want: "" }],
    ["a null error", { given: null, want: "" }],
    ["a message over 1000 characters, cut", { given: { message: "m".repeat(1_500) }, want: `: ${"m".repeat(1_000)}` }],
  ])("run's failure with %s", async (_name, { given, want }) => {
    const { resource } = setup(p, [json(200, p.task("t1", p.status.failed, { error: given }))]);
    const error = await resource.run(params(p)).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`Task t1 ${p.status.failed}${want}`);
  });

  it("run's failure without a message says only the status", async () => {
    const { resource } = setup(p, [json(200, p.task("t1", p.status.failed))]);
    await expect(resource.run(params(p))).rejects.toThrow(new RegExp(`^Task t1 ${p.status.failed}$`));
  });

  it("the neutral client maps each spec status, and surfaces an unknown one without ending the wait", async () => {
    const { resource } = setup(p, [json(200, p.task("t1", "upscaling")), json(200, p.task("t1", p.status.done))]);
    const client = generationClient(resource);
    const seen: { status: string; unknownStatus?: string | undefined }[] = [];
    const done = await client.wait("t1", { ...fast, onUpdate: (t) => seen.push({ status: t.status, unknownStatus: t.unknownStatus }) });
    expect(client.provider).toBe(p.name);
    expect(seen).toEqual([{ status: "processing", unknownStatus: "upscaling" }, { status: "succeeded", unknownStatus: undefined }]);
    expect(done).not.toHaveProperty("unknownStatus");
  });

  it.each([
    ["queued", "queued"],
    ["running", "processing"],
    ["done", "succeeded"],
    ["failed", "failed"],
    ["cancelled", "cancelled"],
  ] as const)("the neutral client reports the spec's %s status as %s", async (which, neutral) => {
    const { resource } = setup(p, [json(200, p.task("t1", p.status[which]))]);
    const task = await generationClient(resource).get("t1");
    expect(task.status).toBe(neutral);
    expect(task).not.toHaveProperty("unknownStatus");
    expect(task.provider).toBe(p.name);
  });

  it("the neutral run throws TaskFailedError carrying the neutral task", async () => {
    const { resource } = setup(p, [json(200, p.task("t1", p.status.cancelled, { error: { message: "stopped" } }))]);
    const error = await generationClient(resource).run({ model: p.request.model, input: p.request.input } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as TaskFailedError).task).toMatchObject({ provider: p.name, status: "cancelled", error: { message: "stopped" } });
    expect((error as Error).message).toBe(`Task t1 ${p.status.cancelled}: stopped`);
  });

  it("the neutral submit sends the provider's own create body", async () => {
    const { resource, attempts } = setup(p, [json(200, p.task("t1", p.status.queued))]);
    const task = await generationClient(resource).submit({ model: p.request.model, input: p.request.input } as never);
    expect(task).toMatchObject({ provider: p.name, id: "t1", status: "queued" });
    expect(JSON.parse(attempts[0]!.body)).toEqual(params(p));
  });
});

describe("what each provider can honour", () => {
  it("MindVideo sends one Idempotency-Key per create, the same on each retry, and returns it", async () => {
    const p = providers[0]!;
    const { resource, attempts } = setup(p, [json(503, {}), json(200, p.task("t1", p.status.queued))], 1);
    const created = await resource.create(params(p));
    expect(attempts).toHaveLength(2);
    const keys = attempts.map((a) => a.headers["idempotency-key"]);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(created.idempotencyKey).toBe(keys[0]);
  });

  it("MindVideo uses the caller's Idempotency-Key", async () => {
    const p = providers[0]!;
    const { resource, attempts } = setup(p, [json(200, p.task("t1", p.status.queued))]);
    expect((await resource.create(params(p), { idempotencyKey: "mine-1" })).idempotencyKey).toBe("mine-1");
    expect(attempts[0]!.headers["idempotency-key"]).toBe("mine-1");
  });

  it("the gateway never retries a create that may have arrived, and sends no Idempotency-Key", async () => {
    const p = providers[1]!;
    const { resource, attempts } = setup(p, [json(503, {}), json(200, p.task("t1", p.status.queued))], 1);
    const error = await resource.create(params(p)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(503);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.headers).not.toHaveProperty("idempotency-key");
  });

  it("the gateway's GETs are retried like any idempotent request", async () => {
    const p = providers[1]!;
    const { resource, attempts } = setup(p, [json(503, {}), json(200, p.task("t1", p.status.done))], 1);
    expect((await resource.get("t1")).status).toBe(p.status.done);
    expect(attempts).toHaveLength(2);
  });

  it.each([
    ["resource create", (r: ReturnType<Provider["make"]>) => r.create(params(providers[1]!), { idempotencyKey: "k1" })],
    ["resource run", (r: ReturnType<Provider["make"]>) => r.run(params(providers[1]!), { idempotencyKey: "k1" })],
    ["neutral submit", (r: ReturnType<Provider["make"]>) => generationClient(r).submit({ model: "doubao-seedance-1.0-pro-fast", input: { prompt: "x" } }, { idempotencyKey: "k1" })],
    ["neutral run", (r: ReturnType<Provider["make"]>) => generationClient(r).run({ model: "doubao-seedance-1.0-pro-fast", input: { prompt: "x" } }, { idempotencyKey: "k1" })],
  ])("the gateway refuses idempotencyKey on %s, naming the option and the provider, and sends nothing", async (_name, call) => {
    const p = providers[1]!;
    const { resource, attempts } = setup(p, [json(200, p.task("t1", p.status.done))]);
    const error = await call(resource).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOptionError);
    expect(error).toMatchObject({ option: "idempotencyKey", provider: "VideoGateway" });
    expect((error as Error).message).toMatch(/^VideoGateway: the option idempotencyKey is not supported \(.+\); nothing was sent$/);
    expect(attempts).toHaveLength(0);
  });

  it("an undefined idempotencyKey is no request for one: the gateway sends", async () => {
    const p = providers[1]!;
    const { resource, attempts } = setup(p, [json(200, p.task("t1", p.status.queued))]);
    await resource.create(params(p), { idempotencyKey: undefined });
    expect(attempts).toHaveLength(1);
  });
});
