/** Class 9: one AbortSignal shared by hundreds of calls collects no listeners and trips no warning. */
import { describe, expect, it } from "vitest";
import { APIUserAbortError, MindVideo } from "../../src/index.js";
import { DEFAULT_CLIENT_OPTIONS } from "../../src/config.js";

const processing = () => new Response(JSON.stringify({ task_id: "t1", status: "processing" }), { headers: { "content-type": "application/json" } });

describe("a shared AbortSignal", () => {
  it.each<[string, { calls: number; run: (mv: MindVideo, signal: AbortSignal) => Promise<unknown> }]>([
    ["500 wait() calls", { calls: 500, run: (mv, signal) => mv.tasks.wait("t1", { signal }) }],
    ["500 generations.wait() calls", { calls: 500, run: (mv, signal) => mv.generations.wait("t1", { signal }) }],
    ["500 get() calls in flight", { calls: 500, run: (mv, signal) => mv.tasks.get("t1", { signal }) }],
    ["500 get() calls backing off", { calls: 500, run: (mv, signal) => mv.tasks.get("t1", { signal }) }],
  ])("%s: no MaxListenersExceededWarning, every call aborts", async (name, { calls, run }) => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      let fetched = 0;
      let allIn!: () => void;
      const ready = new Promise<void>((resolve) => (allIn = resolve));
      const inFlight = name.includes("in flight");
      const backingOff = name.includes("backing off");
      const fetch = (request: Request) => {
        // The client's cap sends the first ones; the rest wait their turn on the same signal.
        if (++fetched === Math.min(calls, DEFAULT_CLIENT_OPTIONS.maxConcurrentRequests)) allIn();
        if (backingOff) return Promise.resolve(new Response("{}", { status: 503 }));
        if (!inFlight) return Promise.resolve(processing());
        return new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
      };
      const mv = new MindVideo({ apiKey: "mv_key_0123456789", baseUrl: "http://api.test", fetch, maxRetries: 3, retry: { initialDelayMs: 60_000, minDelayMs: 60_000 } });
      const controller = new AbortController();
      const settled = Array.from({ length: calls }, () => run(mv, controller.signal).catch((e: unknown) => e));
      await ready;
      await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      const results = await Promise.all(settled);
      expect(results.every((r) => r instanceof APIUserAbortError)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
