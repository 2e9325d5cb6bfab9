import { describe, expect, it } from "vitest";
import { CallbackPayloadError, parseGatewayCallback } from "../../src/index.js";
import { bundledDocument } from "../helpers/openapi.js";

const completed = bundledDocument("gateway").components.examples.TaskCompleted.value;

describe("parseGatewayCallback", () => {
  it.each([
    ["a string", JSON.stringify(completed)],
    ["bytes", new TextEncoder().encode(JSON.stringify(completed))],
    ["an ArrayBuffer", new TextEncoder().encode(JSON.stringify(completed)).buffer],
    ["parsed JSON", completed],
  ])("accepts %s and normalizes it", (_name, body) => {
    const { task, generation } = parseGatewayCallback(body);
    expect(task.id).toBe("task-unified-1761313744-vux2jw0k");
    expect(generation).toMatchObject({
      provider: "gateway",
      status: "succeeded",
      outputs: [{ kind: "video", url: "https://example.com/output/demo.mp4" }],
      expiresAt: new Date(1761400309 * 1000).toISOString(),
    });
  });

  // The same rule as polling: an unknown status is not terminal, and the caller is told which one it was.
  it.each([
    ["a new status", "exploded"],
    ["a status differing only in case", "Completed"],
  ])("accepts %s and reports it as unknown, still running", (_name, status) => {
    const { task, generation } = parseGatewayCallback({ ...completed, status });
    expect(task.status).toBe(status);
    expect(generation.status).toBe("processing");
    expect(generation.unknownStatus).toBe(status);
  });

  it("reports no unknownStatus for a known one", () => {
    expect(parseGatewayCallback(completed).generation).not.toHaveProperty("unknownStatus");
  });

  const bad: [string, { given: unknown; want: RegExp }][] = [
    ["not JSON", { given: "<html>nope</html>", want: /the body is not JSON/ }],
    ["truncated JSON", { given: '{"id": "task-1", "status": "compl', want: /the body is not JSON/ }],
    ["a JSON array", { given: "[]", want: /payload must be object/ }],
    ["no id", { given: { status: "completed" }, want: /payload must have required property 'id'/ }],
    ["a number where a string belongs", { given: { ...completed, id: 42 }, want: /id must be string/ }],
    ["a string where an integer belongs", { given: { ...completed, progress: "100%" }, want: /progress must be integer/ }],
    ["progress out of range", { given: { ...completed, progress: 140 }, want: /progress must be <= 100/ }],
    ["a status that is not a string", { given: { ...completed, status: 7 }, want: /status must be string/ }],
    ["a result without videos", { given: { ...completed, result: {} }, want: /result must have required property 'videos'/ }],
    ["a non-URI video link", { given: { ...completed, result: { videos: [{ url: "not a url" }] } }, want: /result\.videos\.0\.url must match format "uri"/ }],
  ];
  it.each(bad)("rejects %s with a clear error", (_name, { given, want }) => {
    let thrown: unknown;
    try {
      parseGatewayCallback(given);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CallbackPayloadError);
    expect((thrown as Error).message).toMatch(want);
  });
});
