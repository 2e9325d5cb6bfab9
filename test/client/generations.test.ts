/** The provider-neutral GenerationTask: costs carry their unit, and gateway links expire 24 h after completion. */
import { describe, expect, it } from "vitest";
import { fromGatewayTask } from "../../src/gateway/adapter.js";
import { fromMindVideoTask } from "../../src/mindvideo/adapter.js";
import type { VideoTask } from "../../src/gateway/types.js";
import type { Task } from "../../src/mindvideo/types.js";

const HOUR_MS = 60 * 60 * 1000;
const completedAt = Date.UTC(2026, 10, 21, 9, 30, 0);

const gatewayTask = (extra: Partial<VideoTask>): VideoTask =>
  ({ id: "task_1", model: "doubao-seedance-1.0-pro-fast", status: "completed", completed: completedAt / 1000, ...extra }) as VideoTask;

describe("fromGatewayTask", () => {
  it("sets expiresAt 24 hours after completion when the links carry no expiry of their own", () => {
    const task = fromGatewayTask(gatewayTask({ result: { videos: [{ url: "https://cdn.example/v.mp4" }] } } as Partial<VideoTask>));
    expect(task.expiresAt).toBe(new Date(completedAt + 24 * HOUR_MS).toISOString());
  });

  it("prefers the link's own expires_at", () => {
    const expires = completedAt / 1000 + 3600;
    const task = fromGatewayTask(gatewayTask({ result: { videos: [{ url: "https://cdn.example/v.mp4", expires_at: expires }] } } as Partial<VideoTask>));
    expect(task.expiresAt).toBe(new Date(expires * 1000).toISOString());
  });

  it("has no expiresAt without outputs or without a completion time", () => {
    expect(fromGatewayTask(gatewayTask({ result: { videos: [] } } as Partial<VideoTask>))).not.toHaveProperty("expiresAt");
    expect(fromGatewayTask(gatewayTask({ completed: null, result: { videos: [{ url: "https://cdn.example/v.mp4" }] } } as Partial<VideoTask>))).not.toHaveProperty("expiresAt");
  });

  it.each([
    ["reserved credits", { given: { usage: { credits_reserved: 8 } }, want: { unit: "credits", estimate: 8 } }],
    ["no usage", { given: {}, want: { unit: "credits" } }],
  ] as const)("cost in credits: %s", (_name, { given, want }) => {
    expect(fromGatewayTask(gatewayTask(given as Partial<VideoTask>)).cost).toStrictEqual(want);
  });
});

describe("fromMindVideoTask", () => {
  const base = { task_id: "t", model: "doubao-seedance-2-0-fast", status: "succeeded", output: null, error: null } as unknown as Task;
  it.each([
    ["estimate and actual", { given: { cost_estimate: 0.0657, cost_actual: 0.0657 }, want: { unit: "money", estimate: 0.0657, actual: 0.0657 } }],
    ["estimate only (actual still null)", { given: { cost_estimate: 0.585, cost_actual: null }, want: { unit: "money", estimate: 0.585 } }],
  ] as const)("cost in money: %s", (_name, { given, want }) => {
    expect(fromMindVideoTask({ ...base, ...given } as Task).cost).toStrictEqual(want);
  });
});
