/**
 * Retries across the two layers: the client's own (off here, maxRetries: 0) and the AI SDK's,
 * which follows `isRetryable`. A scripted fetch answers; `retry-after-ms: 0` makes the AI SDK
 * retry at once instead of sleeping its 2 s backoff.
 */
import { APICallError } from "@ai-sdk/provider";
import { experimental_generateVideo, generateImage } from "ai";
import { describe, expect, it } from "vitest";
import { createMindVideo, createVideoGateway } from "../../src/ai-sdk/index.js";
import { json, recordingFetch, task, type RecordedAttempt } from "../helpers/recording-fetch.js";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const now = { "retry-after-ms": "0" };
const unavailable = () => json(503, { error: { code: "unavailable", message: "try again", type: "server_error" } }, now);
const succeededVideo = task({ task_id: "t_1", status: "succeeded", cost_actual: 0.0657, output: { videos: [{ url: "https://cdn.test/t_1.mp4" }] } });
const succeededImage = task({ task_id: "t_img", status: "succeeded", cost_actual: 0.0252, output: { images: [{ url: "https://cdn.test/t_img.png" }] } });
const download = async () => ({ data: new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]), mediaType: "video/mp4" });
const png = new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { headers: { "content-type": "image/png" } });
const posts = (attempts: RecordedAttempt[]) => attempts.filter((a) => a.method === "POST");
const settings = (fetch: (r: Request) => Promise<Response>) => ({ apiKey: "k", baseUrl: "https://api.test", fetch, maxRetries: 0, wait: { pollIntervalMs: 1, maxPollIntervalMs: 1 } });

describe("the AI SDK's retries never charge twice", () => {
  it("MindVideo video: a 503 on create is retried by the AI SDK under the same Idempotency-Key", async () => {
    const { fetch, attempts } = recordingFetch([unavailable(), json(200, succeededVideo)]);
    const result = await experimental_generateVideo({ model: createMindVideo(settings(fetch)).video("doubao-seedance-2-0-fast"), prompt: "p", download });
    expect(result.videos).toHaveLength(1);
    const keys = posts(attempts).map((a) => a.headers["idempotency-key"]);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it("MindVideo video: a 503 while waiting resumes the same task, with no second create", async () => {
    const { fetch, attempts } = recordingFetch([json(200, task({ task_id: "t_1" })), unavailable(), json(200, succeededVideo)]);
    const result = await experimental_generateVideo({ model: createMindVideo(settings(fetch)).video("doubao-seedance-2-0-fast"), prompt: "p", download });
    expect(result.providerMetadata.mindvideo).toMatchObject({ taskId: "t_1", status: "succeeded" });
    expect(attempts.map((a) => `${a.method} ${new URL(a.url).pathname}`)).toEqual(["POST /api/v1/tasks", "GET /api/v1/tasks/t_1", "GET /api/v1/tasks/t_1"]);
  });

  it("gateway: a 503 on create is not retryable (no idempotency), so it is sent once", async () => {
    const { fetch, attempts } = recordingFetch([unavailable()]);
    const error = await experimental_generateVideo({ model: createVideoGateway(settings(fetch)).video("doubao-seedance-1.0-pro-fast"), prompt: "p", download }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).isRetryable).toBe(false);
    expect((error as APICallError).statusCode).toBe(503);
    expect((error as APICallError).url).toBe("https://api.test/v1/videos/generations");
    expect(posts(attempts)).toHaveLength(1);
  });

  it.each([
    ["a 503 could have created the task: not retried under a new key", unavailable, 1],
    ["a 429 refused it: retried", () => json(429, { error: { code: "rate_limited", message: "slow down", type: "rate_limit_error" } }, now), 2],
  ])("MindVideo image without a caller key: %s", async (_name, failure, creates) => {
    const { fetch, attempts } = recordingFetch([failure(), json(200, succeededImage), png]);
    await generateImage({ model: createMindVideo(settings(fetch)).image("apimart-doubao-seedance-4-0"), prompt: "p" }).catch(() => undefined);
    expect(posts(attempts)).toHaveLength(creates);
  });

  it("MindVideo image with an idempotency-key header: a 503 is retried under that key", async () => {
    const { fetch, attempts } = recordingFetch([unavailable(), json(200, succeededImage), png]);
    const result = await generateImage({ model: createMindVideo(settings(fetch)).image("apimart-doubao-seedance-4-0"), prompt: "p", headers: { "Idempotency-Key": "order-42" } });
    expect(result.images).toHaveLength(1);
    expect(posts(attempts).map((a) => a.headers["idempotency-key"])).toEqual(["order-42", "order-42"]);
  });

  it("a failure after the image task exists is not retried: a retry would pay for another task", async () => {
    const { fetch, attempts } = recordingFetch([json(200, task({ task_id: "t_img" })), unavailable()]);
    const error = await generateImage({ model: createMindVideo(settings(fetch)).image("apimart-doubao-seedance-4-0"), prompt: "p" }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error) && error.isRetryable).toBe(false);
    expect((error as APICallError).data).toMatchObject({ taskId: "t_img" });
    expect(posts(attempts)).toHaveLength(1);
  });

  it("the AI SDK's abortSignal ends the wait at once, and nothing is retried or re-created", async () => {
    const controller = new AbortController();
    const { fetch, attempts } = recordingFetch([
      json(200, task({ task_id: "t_1" })),
      () => {
        controller.abort();
        return json(200, task({ task_id: "t_1", status: "processing" }), { "retry-after": "3600" });
      },
    ]);
    const model = createMindVideo({ ...settings(fetch), wait: { maxPollIntervalMs: 3_600_000 } }).video("doubao-seedance-2-0-fast");
    const error = await experimental_generateVideo({ model, prompt: "p", download, abortSignal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("APIUserAbortError");
    expect(attempts.map((a) => a.method)).toEqual(["POST", "GET"]);
  });
});
