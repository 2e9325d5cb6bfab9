import { describe, expect, it } from "vitest";
import { compareSchemas, semverBump, type ChangeClass, type Side } from "../../scripts/lib/spec-diff.js";

type Schema = Record<string, unknown>;
const obj = (properties: Schema, extra: Schema = {}): Schema => ({ type: "object", properties, additionalProperties: false, ...extra });
const str = (extra: Schema = {}) => ({ type: "string", ...extra });
const int = (extra: Schema = {}) => ({ type: "integer", ...extra });
const rule = (text: string) => ({ "x-rule": text, not: { required: ["a", "b"] } });

const cases: [string, { side: Side; before: Schema; after: Schema; want: { rule: string; class: ChangeClass; path?: string } }][] = [
  // request side: what can make a valid call invalid is breaking
  ["enum value removed", { side: "request", before: obj({ r: str({ enum: ["480p", "720p"] }) }), after: obj({ r: str({ enum: ["720p"] }) }), want: { rule: "enum value removed", class: "breaking", path: "r" } }],
  ["enum value added", { side: "request", before: obj({ r: str({ enum: ["720p"] }) }), after: obj({ r: str({ enum: ["720p", "1080p"] }) }), want: { rule: "enum value added", class: "non-breaking" } }],
  ["maximum lowered", { side: "request", before: obj({ d: int({ maximum: 15 }) }), after: obj({ d: int({ maximum: 12 }) }), want: { rule: "maximum lowered", class: "breaking" } }],
  ["maximum raised", { side: "request", before: obj({ d: int({ maximum: 12 }) }), after: obj({ d: int({ maximum: 15 }) }), want: { rule: "maximum raised", class: "non-breaking" } }],
  ["minimum raised", { side: "request", before: obj({ d: int({ minimum: 2 }) }), after: obj({ d: int({ minimum: 4 }) }), want: { rule: "minimum raised", class: "breaking" } }],
  ["minimum lowered", { side: "request", before: obj({ d: int({ minimum: 4 }) }), after: obj({ d: int({ minimum: 2 }) }), want: { rule: "minimum lowered", class: "non-breaking" } }],
  ["maxLength lowered", { side: "request", before: obj({ p: str({ maxLength: 4000 }) }), after: obj({ p: str({ maxLength: 2000 }) }), want: { rule: "maxLength lowered", class: "breaking" } }],
  ["maxItems lowered", { side: "request", before: obj({ u: { type: "array", maxItems: 9 } }), after: obj({ u: { type: "array", maxItems: 3 } }), want: { rule: "maxItems lowered", class: "breaking" } }],
  ["minLength raised", { side: "request", before: obj({ p: str({ minLength: 1 }) }), after: obj({ p: str({ minLength: 10 }) }), want: { rule: "minLength raised", class: "breaking" } }],
  ["minItems raised", { side: "request", before: obj({ u: { type: "array" } }), after: obj({ u: { type: "array", minItems: 1 } }), want: { rule: "minItems added", class: "breaking" } }],
  ["maximum added", { side: "request", before: obj({ n: int() }), after: obj({ n: int({ maximum: 4 }) }), want: { rule: "maximum added", class: "breaking" } }],
  ["new required property", { side: "request", before: obj({ p: str() }), after: obj({ p: str(), q: str() }, { required: ["q"] }), want: { rule: "new required property", class: "breaking", path: "q" } }],
  ["new optional property", { side: "request", before: obj({ p: str() }), after: obj({ p: str(), q: str() }), want: { rule: "new optional property", class: "non-breaking" } }],
  ["property became required", { side: "request", before: obj({ p: str() }), after: obj({ p: str() }, { required: ["p"] }), want: { rule: "property became required", class: "breaking" } }],
  ["property became optional", { side: "request", before: obj({ p: str() }, { required: ["p"] }), after: obj({ p: str() }), want: { rule: "property became optional", class: "non-breaking" } }],
  ["property removed", { side: "request", before: obj({ p: str(), q: str() }), after: obj({ p: str() }), want: { rule: "property removed", class: "breaking", path: "q" } }],
  ["type changed", { side: "request", before: obj({ s: int() }), after: obj({ s: str() }), want: { rule: "type changed", class: "breaking" } }],
  ["const added", { side: "request", before: obj({ m: str() }), after: obj({ m: str({ const: "x" }) }), want: { rule: "const added", class: "breaking" } }],
  ["const changed", { side: "request", before: obj({ m: str({ const: "x" }) }), after: obj({ m: str({ const: "y" }) }), want: { rule: "const changed", class: "breaking" } }],
  ["default changed", { side: "request", before: obj({ r: str({ default: "480p" }) }), after: obj({ r: str({ default: "720p" }) }), want: { rule: "default changed", class: "breaking" } }],
  ["pattern changed", { side: "request", before: obj({ c: str({ pattern: "^https?://" }) }), after: obj({ c: str({ pattern: "^https://" }) }), want: { rule: "pattern changed", class: "breaking" } }],
  ["additionalProperties tightened", { side: "request", before: { type: "object", properties: { p: str() } }, after: obj({ p: str() }), want: { rule: "additionalProperties tightened", class: "breaking" } }],
  ["additionalProperties loosened", { side: "request", before: obj({ p: str() }), after: { type: "object", properties: { p: str() } }, want: { rule: "additionalProperties loosened", class: "non-breaking" } }],
  ["cross-field rule added", { side: "request", before: obj({ a: str(), b: str() }), after: obj({ a: str(), b: str() }, { allOf: [rule("a cannot be used with b")] }), want: { rule: "cross-field rule added", class: "breaking" } }],
  ["cross-field rule removed", { side: "request", before: obj({ a: str(), b: str() }, { allOf: [rule("a cannot be used with b")] }), after: obj({ a: str(), b: str() }), want: { rule: "cross-field rule removed", class: "non-breaking" } }],
  ["a rule inside an array property", { side: "request", before: obj({ r: { type: "array" } }), after: obj({ r: { type: "array", allOf: [{ contains: { const: 1 }, maxContains: 1 }] } }), want: { rule: "cross-field rule added", class: "breaking", path: "r" } }],
  ["nested item enum value removed", { side: "request", before: obj({ r: { type: "array", items: obj({ role: str({ enum: ["a", "b"] }) }) } }), after: obj({ r: { type: "array", items: obj({ role: str({ enum: ["a"] }) }) } }), want: { rule: "enum value removed", class: "breaking", path: "r[].role" } }],
  ["output kind changed", { side: "request", before: obj({}, { "x-output": "video" }), after: obj({}, { "x-output": "image" }), want: { rule: "output kind changed", class: "breaking" } }],
  ["description only", { side: "request", before: obj({ p: str({ description: "old" }) }), after: obj({ p: str({ description: "new" }) }), want: { rule: "documentation changed", class: "docs" } }],
  // response side: what a reader may not expect is breaking
  ["response: required property removed", { side: "response", before: obj({ id: str(), s: str() }, { required: ["id"] }), after: obj({ s: str() }), want: { rule: "required property removed", class: "breaking", path: "id" } }],
  ["response: required property made optional", { side: "response", before: obj({ id: str() }, { required: ["id"] }), after: obj({ id: str() }), want: { rule: "required property made optional", class: "breaking" } }],
  ["response: enum value added (a new task status)", { side: "response", before: obj({ status: str({ enum: ["queued", "succeeded"] }) }), after: obj({ status: str({ enum: ["queued", "succeeded", "paused"] }) }), want: { rule: "enum value added", class: "breaking", path: "status" } }],
  ["response: enum value removed", { side: "response", before: obj({ status: str({ enum: ["a", "b"] }) }), after: obj({ status: str({ enum: ["a"] }) }), want: { rule: "enum value removed", class: "non-breaking" } }],
  ["response: type changed", { side: "response", before: obj({ cost: { type: "number" } }), after: obj({ cost: str() }), want: { rule: "type changed", class: "breaking" } }],
  ["response: property added", { side: "response", before: obj({ id: str() }), after: obj({ id: str(), eta: int() }), want: { rule: "new optional property", class: "non-breaking" } }],
];

describe("spec diff rules", () => {
  it.each(cases)("%s", (_name, { side, before, after, want }) => {
    const changes = compareSchemas(before, after, side, "model test", "");
    expect(changes).toContainEqual(expect.objectContaining({ rule: want.rule, class: want.class, ...(want.path ? { path: want.path } : {}) }));
    expect(changes.filter((c) => c.class === "breaking").length > 0).toBe(want.class === "breaking");
  });

  it("identical schemas give no change", () => {
    const schema = obj({ p: str({ maxLength: 4 }) }, { required: ["p"], allOf: [rule("x")] });
    expect(compareSchemas(schema, structuredClone(schema), "request", "m", "")).toEqual([]);
  });

  it.each([
    [[], "none"],
    [[{ class: "docs" }], "patch"],
    [[{ class: "docs" }, { class: "non-breaking" }], "minor"],
    [[{ class: "non-breaking" }, { class: "breaking" }], "major"],
  ] as const)("semver bump of %j is %s", (changes, want) => {
    expect(semverBump(changes as never)).toBe(want);
  });
});
