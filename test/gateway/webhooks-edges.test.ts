import { describe, expect, it } from "vitest";
import { CallbackPayloadError, MAX_CALLBACK_BYTES, parseGatewayCallback } from "../../src/gateway/webhooks.js";
import { bundledDocument } from "../helpers/openapi.js";

const completed = bundledDocument("gateway").components.examples.TaskCompleted.value as Record<string, unknown>;
const LONGEST = 16 * 1024;

function failure(body: unknown): CallbackPayloadError {
  try {
    parseGatewayCallback(body);
  } catch (error) {
    expect(error).toBeInstanceOf(CallbackPayloadError);
    return error as CallbackPayloadError;
  }
  throw new Error("parseGatewayCallback accepted the payload");
}

describe("CallbackPayloadError", () => {
  it.each([
    ["without problems: the message alone", { given: () => new CallbackPayloadError("bad"), want: { message: "bad", problems: [] } }],
    ["with problems: one line each", { given: () => new CallbackPayloadError("bad", ["id must be string", "status must be one of a, b"]), want: { message: "bad:\n  - id must be string\n  - status must be one of a, b", problems: ["id must be string", "status must be one of a, b"] } }],
  ] as const)("%s", (_name, { given: make, want }) => {
    const given = make();
    expect({ message: given.message, problems: given.problems }).toEqual(want);
    expect(given.name).toBe("CallbackPayloadError");
  });
});

describe("parseGatewayCallback: bounded before anything is parsed", () => {
  it("a body of 1 MiB is read (and judged as JSON)", () => {
    const body = " ".repeat(MAX_CALLBACK_BYTES - JSON.stringify(completed).length) + JSON.stringify(completed);
    expect(body.length).toBe(MAX_CALLBACK_BYTES);
    expect(parseGatewayCallback(body).task.id).toBe(completed.id);
  });

  it.each([
    ["a string", " ".repeat(MAX_CALLBACK_BYTES + 1)],
    ["bytes", new Uint8Array(MAX_CALLBACK_BYTES + 1)],
    ["an ArrayBuffer", new ArrayBuffer(MAX_CALLBACK_BYTES + 1)],
  ] as const)("a body one byte over 1 MiB as %s is refused unread", (_name, given) => {
    expect(failure(given).message).toBe(`gateway callback: the body is ${MAX_CALLBACK_BYTES + 1} bytes; at most ${MAX_CALLBACK_BYTES} are accepted`);
  });

  it.each([
    ["a long string field", { given: { ...completed, id: "x".repeat(LONGEST + 1) }, want: `gateway callback: payload.id is longer than ${LONGEST} characters` }],
    ["a long string in an array", { given: { ...completed, result: { videos: [{ url: `https://e.test/${"x".repeat(LONGEST)}` }] } }, want: `gateway callback: payload.result.videos[0].url is longer than ${LONGEST} characters` }],
    ["a long key", { given: { ...completed, ["k".repeat(LONGEST + 1)]: 1 }, want: "gateway callback: a key in payload is longer than 16384 characters" }],
    ["nesting deeper than 64 levels", { given: { ...completed, deep: nested(65) }, want: "(nested too deeply) is longer than 16384 characters" }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(failure(given).message).toContain(want);
  });

  it("a string of exactly the longest length passes the length check (the schema judges it)", () => {
    expect(parseGatewayCallback({ ...completed, id: "x".repeat(LONGEST) }).task.id).toHaveLength(LONGEST);
    expect(failure({ ...completed, id: "x".repeat(LONGEST), status: 7 }).problems).toContain("status must be string");
  });

  it("64 levels of nesting are read", () => {
    expect(parseGatewayCallback({ ...completed, deep: nested(64) }).task.id).toBe(completed.id);
  });

  it("schema problems name the field; the root is called payload", () => {
    const error = failure({ status: "completed" });
    expect(error.problems).toContain("payload must have required property 'id'");
    expect(error.message.startsWith("gateway callback: the payload does not match the task schema:\n  - ")).toBe(true);
  });

  it("repeated problems are listed once", () => {
    // An unknown status string is accepted (one rule with polling: not terminal); a non-string one is not.
    const error = failure({ ...completed, id: 1, status: 7 });
    expect(new Set(error.problems).size).toBe(error.problems.length);
    expect(error.problems).toEqual(expect.arrayContaining(["id must be string", "status must be string"]));
  });

  it("anything else that breaks while reading is a CallbackPayloadError without its text", () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("secret internals"); } });
    expect(failure(hostile).message).toBe("gateway callback: the payload could not be read");
  });

  it("bytes are decoded as UTF-8", () => {
    const body = new TextEncoder().encode(JSON.stringify({ ...completed, id: "task-é" }));
    expect(parseGatewayCallback(body).task.id).toBe("task-é");
  });
});

function nested(levels: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}
