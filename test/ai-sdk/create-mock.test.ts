/**
 * The providers under the real `ai` package against `createMock({ clock: "manual" })`: no server,
 * no port; the mock's fetch is the providers' fetch and its clock their clock, so tasks of the
 * default timing (5 s) finish in virtual time.
 */
import { AISDKError, InvalidArgumentError } from "@ai-sdk/provider";
import { experimental_generateVideo, experimental_getVideoStatus, experimental_startVideo, generateImage } from "ai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { models, type ModelSlug } from "../../src/index.js";
import { createMindVideo, createVideoGateway } from "../../src/ai-sdk/index.js";
import { createMock, DEFAULT_TIMING, MOCK_SCENARIO_HEADER, type Mock } from "../../src/mock/index.js";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const TASK_MS = DEFAULT_TIMING.queuedMs + DEFAULT_TIMING.processingMs;
let mock: Mock;
let mv: ReturnType<typeof createMindVideo>;
let gw: ReturnType<typeof createVideoGateway>;

beforeEach(() => {
  mock = createMock({ clock: "manual" });
  mv = createMindVideo({ apiKey: "mv_test_key", fetch: mock.fetch, clock: mock.clock });
  gw = createVideoGateway({ apiKey: "gw_test_key", fetch: mock.fetch, clock: mock.clock });
});
afterEach(() => mock.close());

/** Moves virtual time until `work` settles (at most ten virtual minutes), then returns its outcome. */
async function inVirtualTime<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  void work.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let step = 0; step < 60 && !settled; step++) await mock.advance(10_000);
  expect(settled, "the call did not settle within ten virtual minutes").toBe(true);
  return work;
}

/** The AI SDK's `download` for videos, through the mock (its output links are not on the network). */
const download = async ({ url }: { url: URL }) => {
  const response = await mock.fetch(url);
  return { data: new Uint8Array(await response.arrayBuffer()), mediaType: response.headers.get("content-type") ?? undefined };
};

/** A MindVideo task's output links as the API lists them, and the bytes the mock serves at each. */
async function servedOutputs(taskId: string): Promise<Uint8Array[]> {
  const task = (await (await mock.fetch(`${mock.baseUrls.mindvideo[0]}/api/v1/tasks/${taskId}`, { headers: { authorization: "Bearer mv_test_key" } })).json()) as {
    output: { images?: { url: string }[]; videos?: { url: string }[] };
  };
  const links = [...(task.output.images ?? []), ...(task.output.videos ?? [])];
  return Promise.all(links.map(async ({ url }) => new Uint8Array(await (await mock.fetch(url)).arrayBuffer())));
}

const videoModels = Object.values(models).filter((m) => m.output === "video");
const videoModel = (slug: ModelSlug) => (models[slug].provider === "gateway" ? gw.video(slug as never) : mv.video(slug as never));

describe("the AI SDK against createMock (manual clock)", () => {
  it("generateImage with the 4.0 model and n: 2 returns the two served images as bytes, from one task", async () => {
    const started = mock.clock.now();
    const result = await inVirtualTime(generateImage({ model: mv.image("apimart-doubao-seedance-4-0"), prompt: "a panda in a bamboo forest", n: 2 }));
    expect(result.images).toHaveLength(2);
    expect(mock.tasks()).toHaveLength(1);
    const [task] = mock.tasks();
    expect(task).toMatchObject({ model: "apimart-doubao-seedance-4-0", phase: "succeeded", input: { n: 2 } });
    expect(result.images.map((image) => image.uint8Array)).toEqual(await servedOutputs(task!.id));
    expect(result.images[0]!.uint8Array.subarray(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47])); // PNG signature
    expect(mock.clock.now() - started).toBeGreaterThanOrEqual(TASK_MS);
  });

  it.each(videoModels.map((m) => [m.slug, m.provider]))("experimental_generateVideo with %s (%s) returns the served video", async (slug) => {
    const result = await inVirtualTime(experimental_generateVideo({ model: videoModel(slug), prompt: "a cat playing piano", download }));
    expect(result.video.mediaType).toBe("video/mp4");
    const [task] = mock.tasks();
    expect(mock.tasks()).toHaveLength(1);
    expect(task).toMatchObject({ model: slug, phase: "succeeded" });
    const link = (result.providerMetadata.mindvideo as { videos: { url: string }[] }).videos[0]!.url;
    expect(link).toContain(encodeURIComponent(task!.id));
    expect(result.video.uint8Array).toEqual(new Uint8Array(await (await mock.fetch(link)).arrayBuffer()));
    expect(new TextDecoder().decode(result.video.uint8Array.subarray(4, 8))).toBe("ftyp");
  });

  it.each([
    ["mindvideo", "doubao-seedance-2-0-fast"],
    ["gateway", "doubao-seedance-1.0-pro-fast"],
  ] as const)("experimental_startVideo then experimental_getVideoStatus round-trip an operation (%s): pending, then completed after virtual time", async (provider, slug) => {
    const started = await experimental_startVideo({ model: videoModel(slug), prompt: "a long one" });
    expect(started.operation).toEqual({ provider, taskId: mock.tasks()[0]!.id });
    const operation = JSON.parse(JSON.stringify(started.operation)); // persisted and read back later
    expect((await experimental_getVideoStatus(videoModel(slug), { operation })).status).toBe("pending");
    await mock.advance(TASK_MS);
    const done = await experimental_getVideoStatus(videoModel(slug), { operation });
    expect(done.status).toBe("completed");
    if (done.status !== "completed") return;
    expect(done.videos).toEqual([{ type: "url", url: expect.stringContaining(encodeURIComponent(operation.taskId)), mediaType: "video/mp4" }]);
  });

  it("the fail scenario (chosen by header) surfaces as an AI SDK error naming the task; the status call reports it too", async () => {
    const headers = { [MOCK_SCENARIO_HEADER]: "fail" };
    const error = await inVirtualTime(experimental_generateVideo({ model: mv.video("doubao-seedance-2-0-fast"), prompt: "doomed", download, headers }).catch((e: unknown) => e));
    expect(AISDKError.isInstance(error)).toBe(true);
    const [task] = mock.tasks();
    expect(task).toMatchObject({ scenario: "fail", phase: "failed" });
    expect((error as Error).message).toMatch(new RegExp(`^Task ${task!.id} failed`));

    const started = await experimental_startVideo({ model: gw.video("doubao-seedance-1.0-pro-fast"), prompt: "doomed too", headers });
    await mock.advance(TASK_MS);
    const status = await experimental_getVideoStatus(gw.video("doubao-seedance-1.0-pro-fast"), { operation: started.operation });
    expect(status.status).toBe("error");
  });

  it("an invalid option fails before any request: the mock has no task", async () => {
    const error = await experimental_generateVideo({ model: mv.video("doubao-seedance-2-0-fast"), prompt: "invalid", download, duration: 99 }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/input\.duration .*for doubao-seedance-2-0-fast/);
    expect(mock.tasks()).toEqual([]);
  });
});
