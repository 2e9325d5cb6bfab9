/**
 * One mock, three ways to reach it: createMock().fetch in-process, MSW's setupServer with
 * createHandlers(), and `npm run mock -- --stateful` (scripts/lib/mock-stack.ts, real ports). The
 * same request gets the same status, the same body shape and the same error (code, type, message,
 * param) from each.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiServers } from "../../generated/models/registry.js";
import { startMockStack, type MockStack } from "../../scripts/lib/mock-stack.js";
import { createMock } from "../../src/mock/index.js";
import { createHandlers } from "../../src/mock/msw.js";

type Api = "mindvideo" | "gateway";
type Send = (api: Api, path: string, init: RequestInit) => Promise<Response>;

const TIMING = { queuedMs: 100, processingMs: 500 };
const AUTH = { authorization: "Bearer same_answers_key" };
const JSON_BODY = { ...AUTH, "content-type": "application/json" };
const MV_VIDEO = { model: "doubao-seedance-2-0-fast", input: { prompt: "a quiet harbour", duration: 5 } };

/** Keys and value types, recursively; arrays by their first element. Ids, times and prices differ, shapes must not. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((key) => [key, shape((value as Record<string, unknown>)[key])]));
  return value === null ? "null" : typeof value;
}

interface Answer {
  status: number;
  shape: unknown;
  /** The error's code (MindVideo: a string; gateway: a number), type, message and param, when it is an error. */
  error: unknown;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  const body = text === "" ? undefined : (JSON.parse(text) as { error?: { code?: unknown; type?: unknown; message?: unknown; param?: unknown } });
  const error = body?.error;
  return { status: response.status, shape: shape(body), error: error ? { code: error.code, type: error.type, message: error.message, param: error.param } : undefined };
}

/** A request, or a created task then a request about it (its id filled in). */
type Case = [string, { api: Api; path: string; init?: RequestInit; after?: { api: Api; body: unknown } }];

const CASES: Case[] = [
  ["MindVideo create", { api: "mindvideo", path: "/api/v1/tasks", init: { method: "POST", headers: JSON_BODY, body: JSON.stringify(MV_VIDEO) } }],
  ["MindVideo create, image model", { api: "mindvideo", path: "/api/v1/tasks", init: { method: "POST", headers: JSON_BODY, body: JSON.stringify({ model: "apimart-doubao-seedance-4-0", input: { prompt: "a kite" } }) } }],
  ["MindVideo get a created task", { api: "mindvideo", path: "/api/v1/tasks/{id}", after: { api: "mindvideo", body: MV_VIDEO } }],
  ["MindVideo events of a created task", { api: "mindvideo", path: "/api/v1/tasks/{id}/events", after: { api: "mindvideo", body: MV_VIDEO } }],
  ["MindVideo unknown task", { api: "mindvideo", path: "/api/v1/tasks/task_does_not_exist" }],
  ["MindVideo invalid input (duration 99)", { api: "mindvideo", path: "/api/v1/tasks", init: { method: "POST", headers: JSON_BODY, body: JSON.stringify({ ...MV_VIDEO, input: { prompt: "p", duration: 99 } }) } }],
  ["MindVideo unknown model", { api: "mindvideo", path: "/api/v1/tasks", init: { method: "POST", headers: JSON_BODY, body: JSON.stringify({ model: "no-such-model", input: { prompt: "p" } }) } }],
  ["MindVideo without a key", { api: "mindvideo", path: "/api/v1/tasks/task_x", init: { headers: {} } }],
  ["MindVideo rate-limited scenario", { api: "mindvideo", path: "/api/v1/tasks/task_x", init: { headers: { ...AUTH, "x-mock-scenario": "rate-limited" } } }],
  ["MindVideo server-error scenario", { api: "mindvideo", path: "/api/v1/tasks/task_x", init: { headers: { ...AUTH, "x-mock-scenario": "server-error" } } }],
  ["MindVideo malformed JSON", { api: "mindvideo", path: "/api/v1/tasks", init: { method: "POST", headers: JSON_BODY, body: '{"model": "doubao-seedance-2-0-fast",' } }],
  ["MindVideo unknown top-level property", { api: "mindvideo", path: "/api/v1/tasks", init: { method: "POST", headers: JSON_BODY, body: JSON.stringify({ ...MV_VIDEO, extra: 1 }) } }],
  ["MindVideo wrong content type", { api: "mindvideo", path: "/api/v1/tasks", init: { method: "POST", headers: { ...AUTH, "content-type": "text/plain" }, body: JSON.stringify(MV_VIDEO) } }],
  ["MindVideo malformed percent-escape", { api: "mindvideo", path: "/api/v1/tasks/%E0%A4%A" }],
  ["MindVideo events limit 0", { api: "mindvideo", path: "/api/v1/tasks/task_x/events?limit=0" }],
  ["MindVideo unknown route", { api: "mindvideo", path: "/api/v1/nothing-here" }],
  ["gateway create", { api: "gateway", path: "/v1/videos/generations", init: { method: "POST", headers: JSON_BODY, body: JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "a cat" }) } }],
  ["gateway get a created task", { api: "gateway", path: "/v1/tasks/{id}", after: { api: "gateway", body: { model: "doubao-seedance-1.0-pro-fast", prompt: "a cat" } } }],
  ["gateway unknown task", { api: "gateway", path: "/v1/tasks/task_does_not_exist" }],
  ["gateway invalid input (duration 1)", { api: "gateway", path: "/v1/videos/generations", init: { method: "POST", headers: JSON_BODY, body: JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "a cat", duration: 1 }) } }],
  ["gateway without a key", { api: "gateway", path: "/v1/tasks/task_x", init: { headers: {} } }],
];

async function run(send: Send, [, c]: Case): Promise<Answer> {
  let path = c.path;
  if (c.after) {
    const created = await send(c.after.api, c.after.api === "gateway" ? "/v1/videos/generations" : "/api/v1/tasks", { method: "POST", headers: JSON_BODY, body: JSON.stringify(c.after.body) });
    const body = (await created.json()) as { task_id?: string; id?: string };
    path = path.replace("{id}", encodeURIComponent(body.task_id ?? body.id ?? "missing"));
  }
  return answer(await send(c.api, path, { headers: AUTH, ...c.init }));
}

let stack: MockStack;
const inProcess = createMock({ timing: TIMING });
const msw = setupServer(...createHandlers(createMock({ timing: TIMING })));

const senders: [string, () => Send][] = [
  ["createMock().fetch", () => (api, path, init) => inProcess.fetch(`${apiServers[api]}${path}`, init)],
  ["MSW handlers", () => (api, path, init) => fetch(`${apiServers[api]}${path}`, init)],
  ["npm run mock -- --stateful", () => (api, path, init) => fetch(`${stack[api].url}${path}`, init)],
];

beforeAll(async () => {
  stack = await startMockStack({ stateful: true, mindvideoPort: 0, gatewayPort: 0, timing: TIMING });
  msw.listen({ onUnhandledRequest: "bypass" }); // the stack's own ports are not the handlers' business
}, 120_000);
afterAll(async () => {
  msw.close();
  await stack?.stop();
});

describe("the same request, answered identically by every way of mocking", () => {
  it.each(CASES)("%s", async (...testCase) => {
    const answers = [];
    for (const [name, sender] of senders) answers.push({ name, ...(await run(sender(), testCase)) });
    const [reference, ...others] = answers;
    for (const other of others) expect({ ...other, name: reference!.name }, `${other.name} vs ${reference!.name}`).toEqual(reference);
    // The table is not vacuous: every answer is a real JSON body.
    expect(reference!.shape).toBeTypeOf("object");
  });
});
