/** parameterRows: what the CLI and the catalog show for each parameter, from hand-written schemas. */
import { describe, expect, it } from "vitest";
import { parameterRows, type ParameterRow } from "../../src/model-docs.js";

const row = (schema: Record<string, unknown>, required = false): ParameterRow => parameterRows({ properties: { p: schema }, ...(required ? { required: ["p"] } : {}) })[0]!;

describe("parameterRows", () => {
  it.each([
    ["an enum", { given: { type: "string", enum: ["480p", "720p"] }, want: "one of 480p, 720p" }],
    ["a closed range", { given: { type: "integer", minimum: 4, maximum: 15 }, want: "4–15" }],
    ["a lower bound", { given: { type: "integer", minimum: 1 }, want: "≥ 1" }],
    ["an upper bound", { given: { type: "integer", maximum: 9 }, want: "≤ 9" }],
    ["a length and a pattern", { given: { type: "string", maxLength: 50, pattern: "^a" }, want: "≤ 50 characters; matches ^a" }],
    ["item counts", { given: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 }, want: "1–3 items" }],
    ["nothing", { given: { type: "boolean" }, want: "" }],
  ] as const)("allowed values: %s", (_name, { given, want }) => {
    expect(row(given).allowed).toBe(want);
  });

  it.each([
    ["a plain type", { given: { type: "string" }, want: "string" }],
    ["a format", { given: { type: "string", format: "uri" }, want: "string (uri)" }],
    ["an array", { given: { type: "array", items: { type: "string", format: "uri" } }, want: "array of string (uri)" }],
    ["an array without items", { given: { type: "array" }, want: "array of any" }],
    ["no type", { given: {}, want: "any" }],
  ] as const)("type: %s", (_name, { given, want }) => {
    expect(row(given).type).toBe(want);
  });

  it.each([
    ["title and description", { given: { title: "Seed", description: "Fixes the noise." }, want: "Seed. Fixes the noise." }],
    ["a description that starts with the title", { given: { title: "Seed value", description: "Seed for the noise." }, want: "Seed for the noise." }],
    ["a title only", { given: { title: "Seed" }, want: "Seed" }],
    ["a description only", { given: { description: "Fixes the noise." }, want: "Fixes the noise." }],
    ["neither", { given: {}, want: "" }],
  ] as const)("description: %s", (_name, { given, want }) => {
    expect(row(given).description).toBe(want);
  });

  it("marks required, default and advanced", () => {
    expect(row({ type: "integer", default: 5, "x-playground": { advanced: true } }, true)).toStrictEqual({
      name: "p", type: "integer", required: true, default: 5, allowed: "", description: "", advanced: true,
    });
    const plain = row({ type: "integer" });
    expect(plain).not.toHaveProperty("default");
    expect(plain.required).toBe(false);
    expect(plain.advanced).toBe(false);
  });

  it("gives nested object fields and array-of-object item fields their own rows", () => {
    const rows = parameterRows({
      properties: {
        roles: { type: "array", items: { type: "object", required: ["url"], properties: { url: { type: "string" }, role: { type: "string" } } } },
        camera: { type: "object", properties: { fixed: { type: "boolean" } } },
        tags: { type: "array", items: { type: "string" } },
      },
    });
    expect(rows.map((r) => [r.name, r.required])).toEqual([
      ["roles", false], ["roles[].url", true], ["roles[].role", false], ["camera", false], ["camera.fixed", false], ["tags", false],
    ]);
  });
});
