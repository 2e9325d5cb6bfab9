import { describe, expect, it } from "vitest";
import { fromGatewayTask } from "../../src/gateway/adapter.js";
import { fromMindVideoTask } from "../../src/mindvideo/adapter.js";
import type { Task, VideoTask } from "../../src/index.js";
import { IDENTITY_STATUSES, neutralStatus, taskError } from "../../src/normalize.js";

describe("the one rule for statuses", () => {
  const known = { pending: "queued", completed: "succeeded" } as const;
  it.each([
    ["a known status maps", { given: "pending", want: { status: "queued" } }],
    ["another known status maps", { given: "completed", want: { status: "succeeded" } }],
    ["an unknown status is still running and reported", { given: "upscaling", want: { status: "processing", unknownStatus: "upscaling" } }],
    ["a prototype key is not a known status", { given: "toString", want: { status: "processing", unknownStatus: "toString" } }],
    ["a long unknown status is cut to 64 characters", { given: "x".repeat(100), want: { status: "processing", unknownStatus: "x".repeat(64) } }],
    ["a missing status is reported as missing", { given: undefined, want: { status: "processing", unknownStatus: "(missing)" } }],
    ["a number is no status", { given: 3, want: { status: "processing", unknownStatus: "(missing)" } }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(neutralStatus(given, known)).toEqual(want);
  });

  it("MindVideo's statuses are the neutral ones, frozen", () => {
    expect(Object.entries(IDENTITY_STATUSES).every(([k, v]) => k === v)).toBe(true);
    expect(Object.keys(IDENTITY_STATUSES).sort()).toEqual(["cancelled", "failed", "processing", "queued", "succeeded"]);
    expect(Object.isFrozen(IDENTITY_STATUSES)).toBe(true);
  });

  it.each([
    ["MindVideo", () => fromMindVideoTask({ task_id: "t", status: "upscaling" } as Task)],
    ["the gateway", () => fromGatewayTask({ id: "t", status: "upscaling" } as VideoTask)],
  ])("%s's normalizer applies it", (_name, normalize) => {
    expect(normalize()).toMatchObject({ status: "processing", unknownStatus: "upscaling" });
  });
});

describe("taskError", () => {
  it.each([
    ["no error", { given: undefined, want: undefined }],
    ["null", { given: null, want: undefined }],
    ["a string is not an error object", { given: "boom", want: undefined }],
    ["code and message", { given: { code: "E1", message: "bad" }, want: { code: "E1", message: "bad" } }],
    ["a numeric code", { given: { code: 42 }, want: { code: "42", message: "42" } }],
    ["no message: the code stands in", { given: { code: "E1" }, want: { code: "E1", message: "E1" } }],
    ["neither", { given: {}, want: { message: "failed" } }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(taskError(given)).toEqual(want);
  });
});
