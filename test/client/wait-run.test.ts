import { describe, expect, it } from "vitest";
import { APIUserAbortError, MindVideo, TaskFailedError, WaitTimeoutError, type Clock, type Task } from "../../src/index.js";
import { nextPollDelay } from "../../src/poll.js";
import { json, recordingFetch, task, type Reply } from "../helpers/recording-fetch.js";
import { stoppedClock, virtualClock } from "../helpers/virtual-clock.js";

/** A client on a virtual clock: `times` are the clock's readings at each request, exact. */
const setup = (replies: Reply[], clock: Clock = virtualClock()) => {
  const recorder = recordingFetch(replies);
  const times: number[] = [];
  const fetch = (request: Request) => {
    times.push(clock.now());
    return recorder.fetch(request);
  };
  return { mv: new MindVideo({ apiKey: "k", baseUrl: "https://api.test", fetch, clock }), attempts: recorder.attempts, times };
};
const fast = { pollIntervalMs: 20, maxPollIntervalMs: 40 };
const video = { videos: [{ url: "https://example.com/output/demo.mp4" }] };

describe("poll schedule", () => {
  it.each([
    ["polls at the minimum while the task is young", { elapsed: 0, hint: undefined, want: 1_000 }],
    ["grows to a tenth of the time waited", { elapsed: 60_000, hint: undefined, want: 6_000 }],
    ["is capped", { elapsed: 3_600_000, hint: undefined, want: 30_000 }],
    ["follows a server hint", { elapsed: 0, hint: 4_000, want: 4_000 }],
    ["raises a zero hint so it cannot tight-loop", { elapsed: 0, hint: 0, want: 250 }],
    ["caps a huge hint", { elapsed: 0, hint: 600_000, want: 30_000 }],
  ] as const)("%s", (_name, { elapsed, hint, want }) => {
    expect(nextPollDelay(elapsed, hint)).toBe(want);
  });
});

describe("wait", () => {
  it("polls until a terminal status and reports each change once", async () => {
    const { mv, attempts } = setup([
      json(200, task({ status: "queued" })),
      json(200, task({ status: "processing", progress: 10 })),
      json(200, task({ status: "processing", progress: 10 })),
      json(200, task({ status: "processing", progress: 70 })),
      json(200, task({ status: "succeeded", progress: 100, output: video, cost_actual: 0.0657 })),
    ]);
    const updates: string[] = [];
    const done = await mv.tasks.wait("task_test", { ...fast, onUpdate: (t) => updates.push(`${t.status}:${t.progress ?? "-"}`) });
    expect(done.status).toBe("succeeded");
    expect(attempts).toHaveLength(5);
    expect(updates).toEqual(["queued:-", "processing:10", "processing:70", "succeeded:100"]);
  });

  it("treats an unknown status as running, waiting between polls instead of looping", async () => {
    const { mv, times } = setup([json(200, task({ status: "upscaling", new_field: { nested: true } })), json(200, task({ status: "upscaling" })), json(200, task({ status: "succeeded", output: video }))]);
    const done = await mv.tasks.wait("task_test", { pollIntervalMs: 100, maxPollIntervalMs: 100 });
    expect(done.status).toBe("succeeded");
    expect(times).toHaveLength(3);
    expect(times).toEqual([0, 100, 200]);
  });

  it("honours Retry-After on the task GET", async () => {
    const seen: string[] = [];
    const { mv, times } = setup([json(200, task({ status: "processing" }), { "retry-after": "0.4" }), json(200, task({ status: "succeeded", output: video }))]);
    await mv.tasks.wait("task_test", { pollIntervalMs: 10, maxPollIntervalMs: 1_000, onUpdate: (t) => seen.push(t.status) });
    expect(seen).toEqual(["processing", "succeeded"]);
    expect(times).toEqual([0, 400]);
  });

  it("ends in WaitTimeoutError with the task id and last status at the deadline", async () => {
    const clock = virtualClock();
    const { mv, times } = setup([json(200, task({ status: "processing" }))], clock);
    const error = (await mv.tasks.wait("task_test", { ...fast, timeoutMs: 150 }).catch((e: unknown) => e)) as WaitTimeoutError;
    expect(times).toEqual([0, 20, 40, 60, 80, 100, 120, 140]); // every 20 ms: a tenth of 150 ms never exceeds the minimum
    expect(clock.now()).toBe(150);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.taskId).toBe("task_test");
    expect(error.lastStatus).toBe("processing");
  });

  it("an AbortSignal interrupts a sleep at once", async () => {
    const clock = stoppedClock();
    const { mv, attempts } = setup([json(200, task({ status: "processing" }))], clock);
    const controller = new AbortController();
    const waiting = mv.tasks.wait("task_test", { pollIntervalMs: 60_000, maxPollIntervalMs: 60_000, signal: controller.signal }).catch((e: unknown) => e);
    expect(await clock.sleeping).toBe(60_000);
    controller.abort();
    expect(await waiting).toBeInstanceOf(APIUserAbortError);
    expect(attempts).toHaveLength(1);
  });
});

describe("run", () => {
  it("creates, waits and returns the succeeded task with its key", async () => {
    const { mv, attempts } = setup([json(200, task()), json(200, task({ status: "succeeded", output: video }))]);
    const done = await mv.tasks.run({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } }, { ...fast, idempotencyKey: "run-1" });
    expect(done.output.videos[0]!.url).toBe("https://example.com/output/demo.mp4");
    expect(done.idempotencyKey).toBe("run-1");
    expect(attempts.map((a) => a.method)).toEqual(["POST", "GET"]);
  });

  it("starts waiting from the create answer: its Retry-After (the server's ETA) sets the first poll", async () => {
    const { mv, times } = setup([json(200, task(), { "retry-after": "0.4" }), json(200, task({ status: "succeeded", output: video }))]);
    const done = await mv.tasks.run({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } }, { pollIntervalMs: 10 });
    expect(done.status).toBe("succeeded");
    expect(times).toHaveLength(2); // no immediate GET after the create
    expect(times).toEqual([0, 400]);
  });

  it("runs on an injected clock (virtual time), so schedules can be simulated exactly", async () => {
    let now = 0;
    const slept: number[] = [];
    const clock = { now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)) };
    const replies = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0].map(() => json(200, task({ status: "processing" })));
    const { mv, attempts } = setup([...replies, json(200, task({ status: "succeeded", output: video }))]);
    await mv.tasks.wait("task_test", { clock });
    expect(attempts).toHaveLength(15);
    expect(slept.slice(0, 11)).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    expect(slept[11]).toBe(1100); // a tenth of the 11 s waited so far
    expect(now).toBe(slept.reduce((a, b) => a + b, 0));
  });

  it.each(["failed", "cancelled"])("throws TaskFailedError carrying the task when it is %s", async (status) => {
    const last = task({ status, error: { code: "content_policy_violation", message: "rejected by the safety filter" } });
    const { mv } = setup([json(200, task()), json(200, last)]);
    const error = (await mv.tasks.run({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } }, fast).catch((e: unknown) => e)) as TaskFailedError<Task>;
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.task.status).toBe(status);
    expect(error.taskId).toBe("task_test");
    expect(error.message).toBe(`Task task_test ${status}: rejected by the safety filter`);
  });
});

describe("forward compatibility", () => {
  it("unknown fields and event types pass through without a crash", async () => {
    const events = { object: "list", task_id: "t", data: [{ id: "e1", task_id: "t", type: "task.upscaled", created_at: "2026-11-21T09:30:00Z", extra: 1 }], has_more: false, next_cursor: null, cursor_v2: "x" };
    const { mv, attempts } = setup([json(200, events)]);
    const page = await mv.tasks.events("t", { limit: 10, after: "e0" });
    expect(page.data[0]!.type).toBe("task.upscaled");
    expect(attempts[0]!.url).toBe("https://api.test/api/v1/tasks/t/events?after=e0&limit=10");
  });
});
