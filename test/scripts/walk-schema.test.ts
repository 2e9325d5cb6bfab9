/** walkSchema (json-schema-traverse) reaches every subschema, including properties named like keywords. */
import { describe, expect, it } from "vitest";
import { walkSchema, type JsonSchema } from "../../scripts/lib/json-schema.js";

const pointersWithFormat = (schema: JsonSchema) => {
  const found: string[] = [];
  walkSchema(schema, (node, pointer) => typeof node.format === "string" && found.push(pointer));
  return found;
};

describe("walkSchema", () => {
  it.each(["default", "enum", "const", "examples", "x-tags", "format", "properties"])("walks a property named %s", (name) => {
    expect(pointersWithFormat({ type: "object", properties: { [name]: { type: "string", format: "email" } } })).toEqual([`#/properties/${name}`]);
  });

  it.each([
    ["allOf", { allOf: [{ properties: { a: { format: "email" } } }] }, "#/allOf/0/properties/a"],
    ["if/then/else", { if: { format: "uri" }, then: { format: "email" }, else: true }, "#/if #/then"],
    ["prefixItems (2020-12)", { prefixItems: [{ format: "email" }] }, "#/prefixItems/0"],
    ["items", { items: { format: "email" } }, "#/items"],
    ["dependentSchemas (2020-12)", { dependentSchemas: { a: { format: "email" } } }, "#/dependentSchemas/a"],
    ["$defs", { $defs: { d: { format: "email" } } }, "#/$defs/d"],
    ["a key that needs escaping", { properties: { "a/b~c": { format: "email" } } }, "#/properties/a~1b~0c"],
  ] as const)("walks %s", (_name, schema, want) => {
    expect(pointersWithFormat(schema as JsonSchema)).toEqual(want.split(" "));
  });

  it.each([
    ["a default value", { default: { format: "email" } }],
    ["examples", { examples: [{ format: "email" }] }],
    ["an enum value", { enum: [{ format: "email" }] }],
    ["a const value", { const: { format: "email" } }],
    ["an extension's value", { "x-playground": { format: "email" } }],
  ] as const)("does not mistake %s for a schema", (_name, schema) => {
    expect(pointersWithFormat(schema as JsonSchema)).toEqual([]);
  });
});
