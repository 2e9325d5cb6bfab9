import { describe, expect, it } from "vitest";
import { APIConnectionError, APITimeoutError, InternalServerError, RateLimitError, VideoGateway } from "../../src/index.js";
import { json, networkError, recordingFetch, type Reply } from "../helpers/recording-fetch.js";
import { virtualClock } from "../helpers/virtual-clock.js";

const body = { model: "doubao-seedance-1.0-pro-fast", prompt: "A cat playing piano" } as const;
const created = json(200, { id: "task-unified-1", status: "pending", object: "video.generation.task" });
const setup = (replies: Reply[], options = {}) => {
  const recorder = recordingFetch(replies);
  return { gw: new VideoGateway({ apiKey: "k", baseUrl: "https://gw.test", fetch: recorder.fetch, retry: { initialDelayMs: 1, maxDelayMs: 2 }, clock: virtualClock(), ...options }), attempts: recorder.attempts };
};
// Under load the timeout can fire while the body is still read, before this listener exists: check first.
const stall: Reply = (_a, request) =>
  new Promise((_, reject) => (request.signal.aborted ? reject(request.signal.reason) : request.signal.addEventListener("abort", () => reject(request.signal.reason))));

describe("gateway create: retried only when the request never left", () => {
  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"])("%s is retried", async (code) => {
    const { gw, attempts } = setup([networkError(code), created]);
    await expect(gw.videos.create(body)).resolves.toMatchObject({ id: "task-unified-1" });
    expect(attempts).toHaveLength(2);
  });

  it.each<[string, Reply, new (...a: never[]) => Error]>([
    ["a connection reset (may have reached the server)", networkError("ECONNRESET"), APIConnectionError],
    ["a timeout", stall, APITimeoutError],
    ["a 500", json(500, { error: { code: 500, message: "Internal server error", type: "internal_server_error" } }), InternalServerError],
    ["a 503", json(503, { error: { code: 503, message: "Service temporarily unavailable", type: "service_unavailable_error" } }), InternalServerError],
    ["a 429", json(429, { error: { code: 429, message: "Rate limit exceeded", type: "rate_limit_error" } }), RateLimitError],
  ])("%s is surfaced, not retried", async (_name, reply, ErrorClass) => {
    const { gw, attempts } = setup([reply, created], { timeoutMs: 50 });
    await expect(gw.videos.create(body)).rejects.toBeInstanceOf(ErrorClass);
    expect(attempts).toHaveLength(1);
  });

  it("sends no Idempotency-Key (the gateway documents none)", async () => {
    const { gw, attempts } = setup([created]);
    await gw.videos.create(body);
    expect(attempts[0]!.headers["idempotency-key"]).toBeUndefined();
    expect(attempts[0]!.headers.authorization).toBe("Bearer k");
  });

  it("GETs retry as in the MindVideo client", async () => {
    const { gw, attempts } = setup([json(503, {}), networkError("ECONNRESET"), json(200, { id: "t", status: "processing" })]);
    await expect(gw.tasks.get("t")).resolves.toMatchObject({ status: "processing" });
    expect(attempts).toHaveLength(3);
  });

  it("maps the gateway envelope, with param and fallback_suggestion", async () => {
    const { gw } = setup([json(404, { error: { code: 404, message: "Specified model not found", type: "not_found_error", param: "model", fallback_suggestion: "doubao-seedance-1.0-pro-fast" } })]);
    await expect(gw.videos.create(body)).rejects.toMatchObject({ status: 404, code: 404, param: "model", fallbackSuggestion: "doubao-seedance-1.0-pro-fast", message: "404 Specified model not found" });
  });

  it("validates the body from the model schema before sending", async () => {
    const { gw, attempts } = setup([created]);
    await expect(gw.videos.create({ model: "doubao-seedance-1.0-pro-fast", prompt: "p", quality: "4K" } as never)).rejects.toThrow(/quality must be one of 480p, 720p, 1080p for doubao-seedance-1.0-pro-fast/);
    expect(attempts).toHaveLength(0);
  });

  it("takes its key from VIDEO_GATEWAY_API_KEY and defaults to the seed's server", async () => {
    process.env.VIDEO_GATEWAY_API_KEY = "gw_env";
    try {
      const recorder = recordingFetch([created]);
      await new VideoGateway({ fetch: recorder.fetch }).videos.create(body);
      expect(recorder.attempts[0]!.url).toBe("https://ai.odkkk.com/apiv1/v1/videos/generations");
      expect(recorder.attempts[0]!.headers.authorization).toBe("Bearer gw_env");
    } finally {
      delete process.env.VIDEO_GATEWAY_API_KEY;
    }
  });
});
