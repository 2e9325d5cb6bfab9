import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SchemaError } from "../../generated/validators/index.js";

/** Keywords and paths the current model schemas cannot produce, rendered from errors handed in directly. */
const scripted = vi.hoisted(() => ({ errors: [] as SchemaError[] | null }));
vi.mock("../../generated/validators/index.js", () => {
  const validate: { (): boolean; errors: SchemaError[] | null } = Object.assign(() => ((validate.errors = scripted.errors), false), { errors: null });
  return { validators: new Proxy({}, { get: () => validate }) };
});
// The unit project shares a worker's module cache between files (isolate: false): import
// src/validation.js afresh so it binds to the mock, and drop both after so no other file sees the mock.
vi.resetModules();
const { validateInput } = await import("../../src/validation.js");
afterAll(() => {
  vi.doUnmock("../../generated/validators/index.js");
  vi.resetModules();
});

const MODEL = "doubao-seedance-2-0-fast";
const error = (overrides: Partial<SchemaError>): SchemaError => ({ instancePath: "/x", schemaPath: "#/properties/x/k", keyword: "k", params: {}, ...overrides });
const render = (errors: SchemaError[] | null) => {
  scripted.errors = errors;
  const result = validateInput(MODEL, {});
  return result.ok ? [] : result.errors;
};

describe("validation messages for every keyword", () => {
  beforeEach(() => {
    scripted.errors = [];
  });

  it.each([
    ["const", { given: error({ keyword: "const", params: { allowedValue: "web_search" } }), want: 'input.x must be "web_search"' }],
    ["exclusiveMinimum", { given: error({ keyword: "exclusiveMinimum", params: { limit: 0 } }), want: "input.x must be greater than 0" }],
    ["exclusiveMaximum", { given: error({ keyword: "exclusiveMaximum", params: { limit: 1 } }), want: "input.x must be less than 1" }],
    ["minimum", { given: error({ keyword: "minimum", params: { limit: 4 } }), want: "input.x must be at least 4" }],
    ["minLength of 2", { given: error({ keyword: "minLength", params: { limit: 2 } }), want: "input.x must be at least 2 characters long" }],
    ["maxLength of 1", { given: error({ keyword: "maxLength", params: { limit: 1 } }), want: "input.x must be at most 1 characters long" }],
    ["minItems of 2", { given: error({ keyword: "minItems", params: { limit: 2 } }), want: "input.x must have at least 2 items" }],
    ["maxItems of 1", { given: error({ keyword: "maxItems", params: { limit: 1 } }), want: "input.x must have at most 1 item" }],
    ["pattern", { given: error({ keyword: "pattern", params: { pattern: "^https://" } }), want: "input.x must match ^https://" }],
    ["format", { given: error({ keyword: "format", params: { format: "date-time" } }), want: "input.x must be a valid date-time" }],
    ["two types", { given: error({ keyword: "type", params: { type: "string,integer" } }), want: "input.x must be a string or an integer" }],
    ["another keyword with Ajv's message", { given: error({ keyword: "uniqueItems", message: "must NOT have duplicate items" }), want: "input.x must NOT have duplicate items" }],
    ["another keyword without a message", { given: error({ keyword: "uniqueItems" }), want: "input.x is invalid" }],
    ["escaped pointer parts", { given: error({ instancePath: "/a~1b/c~0d/10/1a", keyword: "minimum", params: { limit: 1 } }), want: "input.a/b.c~d[10].1a must be at least 1" }],
    ["a missing property inside an item", { given: error({ instancePath: "/items/2", keyword: "required", params: { missingProperty: "url" } }), want: "input.items[2].url is required" }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(render([given])).toEqual([{ path: want.split(" ")[0], message: `${want} for ${MODEL}` }]);
  });

  it("a validator that leaves no errors behind: none reported", () => {
    expect(render(null)).toEqual([]);
  });

  it("the same problem twice is reported once", () => {
    const twice = error({ keyword: "minimum", params: { limit: 4 } });
    expect(render([twice, { ...twice }])).toHaveLength(1);
  });

  it("the innermost rule wins, and a pointer that only starts like a rule's is not that rule", () => {
    const inner = "#/properties/image_with_roles/allOf/1";
    expect(render([error({ instancePath: "/image_with_roles/0/role", schemaPath: `${inner}/contains`, keyword: "maxContains" })])).toEqual([
      { path: "input.image_with_roles", message: `image_with_roles may hold at most one last_frame image (${MODEL})` },
    ]);
    expect(render([error({ instancePath: "/image_with_roles", schemaPath: inner, keyword: "maxContains" })])[0]!.message).toBe(`image_with_roles may hold at most one last_frame image (${MODEL})`);
    expect(render([error({ instancePath: "/x", schemaPath: "#/allOf/10/k", keyword: "k", message: "m" })])).toEqual([{ path: "input.x", message: `input.x m for ${MODEL}` }]);
  });
});
