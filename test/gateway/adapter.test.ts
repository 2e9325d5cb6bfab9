/**
 * The gateway adapter in process: its task normalizer (fields from the bundled gateway spec; links
 * valid 24 hours after completion, per the seed), its time-left estimate, and the body check every
 * create goes through (callback_url always, the schema when `validate`, the JSON form as sent).
 */
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { estimatedRemainingMs, fromGatewayTask, gatewayTaskSpec } from "../../src/gateway/adapter.js";
import { GATEWAY_DEFAULTS, VideoGateway } from "../../src/gateway/client.js";
import { InputValidationError, InvalidResponseError, InvalidTaskIdError, UnsupportedOptionError, type VideoTask } from "../../src/index.js";
import type { InputProblem } from "../../src/errors.js";
import { json, recordingFetch } from "../helpers/recording-fetch.js";
import { thrownBy } from "../helpers/thrown-by.js";

const MODEL = "doubao-seedance-1.0-pro-fast";
const DAY_S = 24 * 60 * 60;
const base = "https://api.test";
/** A gateway task as the spec's VideoTask describes it. */
const task = (extra: Record<string, unknown> = {}) => ({ id: "task-1", object: "video.generation.task", model: MODEL, created: 1761313744, status: "processing", ...extra }) as unknown as VideoTask;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe("fromGatewayTask", () => {
  const C = 1761313909;
  const E = 1761400000;
  it.each([
    ["no result at all", { given: {}, want: { outputs: [] } }],
    ["a null result", { given: { result: null }, want: { outputs: [] } }],
    ["a result that is a string", { given: { result: "done" }, want: { outputs: [] } }],
    ["a result without videos", { given: { result: {} }, want: { outputs: [] } }],
    [
      "videos without expiry: links live 24 hours after completion",
      { given: { status: "completed", completed: C, result: { videos: [{ url: "https://cdn.test/a.mp4" }] } }, want: { outputs: [{ kind: "video", url: "https://cdn.test/a.mp4" }], expiresAt: iso(C + DAY_S) } },
    ],
    [
      "the first video that states an expiry wins over the 24 hours",
      {
        given: { completed: C, result: { videos: [{ url: "https://cdn.test/a.mp4" }, { url: "https://cdn.test/b.mp4", expires_at: E }, { url: "https://cdn.test/c.mp4", expires_at: E + 5 }] } },
        want: { outputs: [{ kind: "video", url: "https://cdn.test/a.mp4" }, { kind: "video", url: "https://cdn.test/b.mp4" }, { kind: "video", url: "https://cdn.test/c.mp4" }], expiresAt: iso(E) },
      },
    ],
    ["a null expiry is no expiry", { given: { completed: C, result: { videos: [{ url: "https://cdn.test/a.mp4", expires_at: null }, { url: "https://cdn.test/b.mp4", expires_at: E }] } }, want: { expiresAt: iso(E) } }],
    ["an expiry without completion", { given: { result: { videos: [{ url: "https://cdn.test/a.mp4", expires_at: E }] } }, want: { expiresAt: iso(E) } }],
    ["completion without videos sets no expiry", { given: { completed: C, result: { videos: [] } }, want: { expiresAt: undefined } }],
    ["a completion that is no number sets no expiry", { given: { completed: "1761313909", result: { videos: [{ url: "https://cdn.test/a.mp4" }] } }, want: { expiresAt: undefined } }],
  ] as const)("%s", (_name, { given, want }) => {
    const got = fromGatewayTask(task(given));
    expect(got).toMatchObject({ provider: "gateway", id: "task-1", model: MODEL, raw: task(given) });
    if ("outputs" in want) expect(got.outputs).toEqual(want.outputs);
    if ("expiresAt" in want) {
      expect(got.expiresAt).toBe(want.expiresAt);
      expect("expiresAt" in got).toBe(want.expiresAt !== undefined);
    }
  });

  it.each([
    ["videos that are no list", { given: { result: { videos: { url: "https://cdn.test/a.mp4" } } }, want: /VideoGateway task: result\.videos must be a list/ }],
    ["a video link that is no http(s)", { given: { result: { videos: [{ url: "javascript:alert(1)" }] } }, want: /VideoGateway task: result\.videos\[0\]\.url must be an http\(s\) URL/ }],
    ["an expiry that is no time", { given: { result: { videos: [{ url: "https://cdn.test/a.mp4", expires_at: "tomorrow" }] } }, want: /VideoGateway task: result\.videos\[\]\.expires_at must be a Unix time in seconds/ }],
    ["a completion no Date can hold", { given: { completed: 9e12, result: { videos: [{ url: "https://cdn.test/a.mp4" }] } }, want: /VideoGateway task: completed must be a Unix time in seconds/ }],
    ["an answer that is no object", { given: null, want: /VideoGateway task: expected a task object/ }],
  ] as const)("refuses %s", (_name, { given, want }) => {
    const error = thrownBy(() => fromGatewayTask(given === null ? (null as never) : task(given)));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(want);
  });

  it.each([
    ["all fields", { given: { progress: 40, usage: { credits_reserved: 8 }, error: { code: "E1", message: "bad" } }, want: { progress: 40, cost: { unit: "credits", estimate: 8 }, error: { code: "E1", message: "bad" } } }],
    ["progress 0 is kept", { given: { progress: 0 }, want: { progress: 0, cost: { unit: "credits" } } }],
    ["no progress, no usage, no error: no such keys", { given: {}, want: { cost: { unit: "credits" } } }],
  ] as const)("keeps %s, key by key", (_name, { given, want }) => {
    const got = fromGatewayTask(task(given));
    const { provider, id, model, status, outputs, raw, ...rest } = got;
    expect({ provider, id, model, status, outputs, raw }).toEqual({ provider: "gateway", id: "task-1", model: MODEL, status: "processing", outputs: [], raw: task(given) });
    expect(rest).toStrictEqual(want);
  });

  it.each([
    ["a missing id and model read as empty", { given: { id: undefined, model: undefined }, want: { id: "", model: "" } }],
    ["a long id is cut to 256 characters", { given: { id: "i".repeat(300) }, want: { id: "i".repeat(256), model: MODEL } }],
    ["a numeric model is read as text", { given: { model: 7 }, want: { id: "task-1", model: "7" } }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(fromGatewayTask(task(given))).toMatchObject(want);
  });

  it.each([
    ["pending", "queued"],
    ["processing", "processing"],
    ["completed", "succeeded"],
    ["failed", "failed"],
    ["cancelled", "cancelled"],
  ])("maps the spec status %s to %s", (given, want) => {
    expect(fromGatewayTask(task({ status: given }))).toMatchObject({ status: want });
    expect(fromGatewayTask(task({ status: given })).unknownStatus).toBeUndefined();
  });
});

describe("estimatedRemainingMs (task_info.estimated_time, seconds ≥ 0)", () => {
  it.each([
    ["the seed's example", { given: { estimated_time: 165 }, want: 165_000 }],
    ["zero", { given: { estimated_time: 0 }, want: 0 }],
    ["a negative time", { given: { estimated_time: -1 }, want: undefined }],
    ["NaN", { given: { estimated_time: Number.NaN }, want: undefined }],
    ["infinity", { given: { estimated_time: Number.POSITIVE_INFINITY }, want: undefined }],
    ["a string", { given: { estimated_time: "165" }, want: undefined }],
    ["no estimate", { given: {}, want: undefined }],
    ["no task_info", { given: undefined, want: undefined }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(estimatedRemainingMs(task(given === undefined ? {} : { task_info: given }))).toBe(want);
  });
});

describe("the body a gateway create sends", () => {
  const prepare = (params: unknown, options: { validate?: boolean } = {}, clientValidate = true) => {
    const config = createConfig({ apiKey: "k", baseUrl: base, validate: clientValidate, fetch: async () => json(500, {}) }, GATEWAY_DEFAULTS);
    return gatewayTaskSpec(config, createClient({ baseUrl: base })).prepare(params as never, options);
  };
  const refused = async (promise: Promise<unknown>): Promise<InputValidationError> => {
    const error = await promise.then(
      () => new Error("accepted"),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputValidationError);
    return error as InputValidationError;
  };
  const paths = (problems: readonly InputProblem[]) => problems.map((p) => p.path).sort();
  const hook = "https://hooks.example.com/video";

  it.each([
    ["null", { given: null }],
    ["a string", { given: "a cat" }],
  ] as const)("refuses %s as the request", async (_name, { given }) => {
    const error = await refused(prepare(given));
    expect(error.model).toBe("unknown");
    expect(error.errors).toEqual([{ path: "", message: "the request must be an object with model and prompt" }]);
  });

  it.each([
    ["validated", { given: { model: MODEL, prompt: "a cat", callback_url: hook }, validate: true }],
    ["not validated", { given: { model: MODEL, prompt: "a cat", callback_url: hook }, validate: false }],
    ["an undefined callback_url is no callback_url", { given: { model: MODEL, prompt: "a cat", callback_url: undefined }, validate: false }],
  ] as const)("sends a safe callback_url as is (%s)", async (_name, { given, validate }) => {
    const body = await prepare(given, { validate });
    expect(body).toMatchObject({ model: MODEL, prompt: "a cat" });
    expect((body as Record<string, unknown>).callback_url).toBe(given.callback_url);
  });

  it("sends what it is given, unchecked by the schema, when validate is off for the call", async () => {
    const given = { model: MODEL, prompt: "a cat", duration: 99 };
    expect(await prepare(given, { validate: false })).toEqual(given);
  });

  it("checks the schema when the call asks for it though the client does not", async () => {
    const error = await refused(prepare({ model: MODEL, prompt: "a cat", duration: 99 }, { validate: true }, false));
    expect(paths(error.errors)).toEqual(["duration"]);
  });

  it.each([
    ["validated", true],
    ["not validated", false],
  ] as const)("refuses an internal callback_url whatever validate says (%s)", async (_name, validate) => {
    const error = await refused(prepare({ model: MODEL, prompt: "a cat", callback_url: "https://127.0.0.1/hook" }, { validate }));
    expect(error.model).toBe(MODEL);
    expect(paths(error.errors)).toEqual(["callback_url"]);
    expect(error.errors[0]!.message).toMatch(/internal address/);
  });

  it("reports a bad callback_url once (its own reason), next to the schema's other problems", async () => {
    const error = await refused(prepare({ model: MODEL, prompt: "a cat", duration: 99, callback_url: 5 }, { validate: true }));
    expect(paths(error.errors)).toEqual(["callback_url", "duration"]);
    expect(error.errors.find((p) => p.path === "callback_url")!.message).toMatch(/callback_url must be a string \(got number\)/);
  });

  it.each([
    ["a function (JSON would drop it)", () => "https://hooks.example.com/video"],
    ["a symbol (JSON would drop it)", Symbol("hook")],
  ])("refuses a callback_url that is %s, though validate is off", async (_name, callbackUrl) => {
    const error = await refused(prepare({ model: MODEL, prompt: "a cat", callback_url: callbackUrl }, { validate: false }));
    expect(paths(error.errors)).toEqual(["callback_url"]);
    expect(error.errors[0]!.message).toMatch(/callback_url must be a string/);
  });

  it("refuses a request that cannot be sent as JSON, naming the model", async () => {
    const error = await refused(prepare({ model: MODEL, prompt: "a cat", seed: 10n }, { validate: false }));
    expect(error.model).toBe(MODEL);
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]!.path).toBe("");
    expect(error.errors[0]!.message).toMatch(new RegExp(`^the request cannot be sent as JSON for ${MODEL} \\(.+\\)$`));
  });

  it.each([
    ["a string", "a cat"],
    ["null", null],
    ["an array", ["a cat"]],
  ])("refuses a request whose JSON form is %s", async (_name, form) => {
    const error = await refused(prepare({ model: MODEL, prompt: "a cat", toJSON: () => form }, { validate: false }));
    expect(error.errors).toEqual([{ path: "", message: `the request must serialize to a JSON object for ${MODEL}` }]);
  });

  it.each([
    ["another case", "Callback_URL"],
    ["the Kelvin sign (NFKC folds it to K)", "callbac\u212A_url"],
    ["all capitals", "CALLBACK_URL"],
  ])("refuses a key that case-insensitive servers read as callback_url: %s", async (_name, key) => {
    const error = await refused(prepare({ model: MODEL, prompt: "a cat", [key]: "https://127.0.0.1/" }, { validate: false }));
    expect(error.errors).toEqual([{ path: key, message: `${JSON.stringify(key)} is read as callback_url by case-insensitive servers; use the key callback_url for ${MODEL}` }]);
  });

  it("checks the callback_url of the JSON form again (a toJSON may add one)", async () => {
    const given = { model: MODEL, prompt: "a cat", toJSON: () => ({ model: MODEL, prompt: "a cat", callback_url: "https://10.0.0.1/hook" }) };
    const error = await refused(prepare(given, { validate: false }));
    expect(paths(error.errors)).toEqual(["callback_url"]);
    expect(error.errors[0]!.message).toMatch(/internal address/);
  });

  it("sends the JSON form of a safe request (toJSON honoured)", async () => {
    const given = { model: MODEL, prompt: "a cat", toJSON: () => ({ model: MODEL, prompt: "a dog", callback_url: hook }) };
    expect(await prepare(given, { validate: false })).toEqual({ model: MODEL, prompt: "a dog", callback_url: hook });
  });
});

describe("the VideoGateway client's names in its errors", () => {
  const client = (answer: unknown) => {
    const recorder = recordingFetch([json(200, answer)]);
    return { gateway: new VideoGateway({ apiKey: "k", baseUrl: base, fetch: recorder.fetch, maxRetries: 0 }), attempts: recorder.attempts };
  };

  it.each([
    ["tasks.get", (g: VideoGateway) => g.tasks.get(".."), "VideoGateway tasks.get"],
    ["tasks.wait", (g: VideoGateway) => g.tasks.wait(".."), "VideoGateway tasks.wait"],
  ])("%s names itself on a bad task id, sending nothing", async (_name, call, label) => {
    const { gateway, attempts } = client(task());
    const error = await call(gateway).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTaskIdError);
    expect((error as Error).message.startsWith(`${label}: `)).toBe(true);
    expect(attempts).toHaveLength(0);
  });

  it("tasks.wait returns the finished task", async () => {
    const { gateway } = client(task({ status: "completed" }));
    expect(await gateway.tasks.wait("task-1")).toMatchObject({ id: "task-1", status: "completed" });
  });

  it("videos.run creates, waits and returns the completed task", async () => {
    const recorder = recordingFetch([json(200, task({ status: "pending" })), json(200, task({ status: "completed", progress: 100 }))]);
    const clock = { now: () => 0, sleep: async () => {} };
    const gateway = new VideoGateway({ apiKey: "k", baseUrl: base, fetch: recorder.fetch, maxRetries: 0, clock });
    expect(await gateway.videos.run({ model: MODEL, prompt: "a cat" })).toMatchObject({ id: "task-1", status: "completed" });
    expect(recorder.attempts.map((a) => a.method)).toEqual(["POST", "GET"]);
  });

  it("create names itself when the answer has no id", async () => {
    const { gateway } = client({ object: "video.generation.task", status: "pending" });
    const error = await gateway.videos.create({ model: MODEL, prompt: "a cat" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/^VideoGateway create: the answer has no id/);
  });

  it("refuses an idempotency key, naming the client", async () => {
    const { gateway, attempts } = client(task());
    const error = await gateway.videos.create({ model: MODEL, prompt: "a cat" }, { idempotencyKey: "k1" } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOptionError);
    expect((error as UnsupportedOptionError).provider).toBe("VideoGateway");
    expect(attempts).toHaveLength(0);
  });
});
