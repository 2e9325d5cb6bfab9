import { describe, expect, it } from "vitest";
import { parameterRows } from "../../src/model-docs.js";

describe("parameterRows on hand-written schemas", () => {
  it.each([
    ["items on a non-array are ignored", { given: { properties: { x: { type: "object", items: { type: "object", properties: { a: { type: "string" } } } } } }, want: ["x"] }],
    ["properties on a non-object are ignored", { given: { properties: { x: { type: "string", properties: { a: { type: "string" } } } } }, want: ["x"] }],
    ["an array of strings has no nested rows", { given: { properties: { x: { type: "array", items: { type: "string", properties: { a: {} } } } } }, want: ["x"] }],
    ["an array of objects has one row per item field", { given: { properties: { x: { type: "array", items: { type: "object", properties: { a: { type: "string" } } } } } }, want: ["x", "x[].a"] }],
    ["an object has one row per field", { given: { properties: { x: { type: "object", properties: { a: { type: "string" } } } } }, want: ["x", "x.a"] }],
    ["no properties, no rows", { given: {}, want: [] }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(parameterRows(given).map((row) => row.name)).toEqual(want);
  });

  it("a schema without required makes nothing required", () => {
    expect(parameterRows({ properties: { a: {}, b: {} } }).map((row) => row.required)).toEqual([false, false]);
  });

  it.each([
    ["a description that starts with the title's first word", { given: { title: "Prompt", description: "Prompt text for the video" }, want: "Prompt text for the video" }],
    ["a description that only starts with the title's first letter", { given: { title: "Prompt", description: "Positive text" }, want: "Prompt. Positive text" }],
    ["a description that is not text", { given: { title: "Seed", description: 42 }, want: "Seed" }],
    ["a title that is not text", { given: { title: 7, description: "Any integer" }, want: "Any integer" }],
  ] as const)("description: %s", (_name, { given, want }) => {
    expect(parameterRows({ properties: { x: given } })[0]!.description).toBe(want);
  });
});
