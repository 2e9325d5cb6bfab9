import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildModel } from "../../scripts/lib/import/build-model.js";
import { mergeModel, type TextChange } from "../../scripts/lib/import/merge-model.js";
import { readVendorPage } from "../../scripts/lib/import/read-page.js";
import { vendorRecord } from "../../scripts/lib/import/vendor-record.js";
import type { JsonSchema } from "../../scripts/lib/json-schema.js";
import { repoRoot } from "../helpers/openapi.js";
import { seedPageFiles } from "../helpers/seed-page-files.js";

/** Written out here rather than taken from the importer: sha256 of the text as given. */
const sha = (text: string) => `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;

describe("the record of the last import holds digests, never the vendor's texts", () => {
  it.each([
    ["a description and a title", { given: { title: "A Model", description: "Makes videos." }, want: { title: sha("A Model"), description: sha("Makes videos.") } }],
    ["reflowed text: same digest", { given: { description: "  Makes\n  videos.\t" }, want: { description: sha("Makes videos.") } }],
    ["composed and decomposed accents: same digest", { given: { description: "Cafe\u0301" }, want: { description: sha("Caf\u00e9") } }],
    [
      "facts stay as published: examples, defaults, enums, const",
      {
        given: { examples: [{ description: "an example's value" }], properties: { a: { default: "Some default text", enum: ["x y"], const: "c d", type: "string" } } },
        want: { examples: [{ description: "an example's value" }], properties: { a: { default: "Some default text", enum: ["x y"], const: "c d", type: "string" } } },
      },
    ],
    [
      "a property named like a keyword is a name, its own description a text",
      { given: { properties: { description: { type: "string", description: "Words." }, examples: { title: "T" } } }, want: { properties: { description: { type: "string", description: sha("Words.") }, examples: { title: sha("T") } } } },
    ],
    ["nested schemas: items, allOf, $defs", { given: { items: { description: "I" }, allOf: [{ $comment: "C" }], $defs: { x: { title: "X" } } }, want: { items: { description: sha("I") }, allOf: [{ $comment: sha("C") }], $defs: { x: { title: sha("X") } } } }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(vendorRecord(given)).toEqual(want);
  });

  it.each(seedPageFiles().map((p) => [p.file, p] as const))("%s: the committed record is the page's record, with no text of the page in it", (file, page) => {
    const committed = JSON.parse(readFileSync(join(repoRoot, "spec", "vendor", page.provider, `${page.slug}.json`), "utf8"));
    const schema = buildModel(readVendorPage(page.text, file)).schema;
    expect(committed).toEqual(vendorRecord(schema));
    const texts: string[] = [];
    JSON.stringify(schema, (key, value) => (["title", "description"].includes(key) && typeof value === "string" && texts.push(value), value));
    expect(texts.length).toBeGreaterThan(3);
    const recordText = readFileSync(join(repoRoot, "spec", "vendor", page.provider, `${page.slug}.json`), "utf8");
    // Titles as short as a field name ("Seed") may recur as names; every sentence must not.
    for (const text of texts.filter((t) => t.split(/\s+/).length >= 3)) expect(recordText, text).not.toContain(JSON.stringify(text).slice(1, -1));
  });

  it("spec/vendor/ holds only the four records", () => {
    const files = readdirSync(join(repoRoot, "spec", "vendor"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
    expect(files.sort()).toEqual(seedPageFiles().map((p) => join(p.provider, `${p.slug}.json`)).sort());
  });
});

interface MergeCase {
  given: { existing: JsonSchema; base: JsonSchema; fresh: JsonSchema };
  want: { schema: JsonSchema; texts: TextChange[] };
}

const prop = (description?: string, extra: JsonSchema = {}) => ({ properties: { prompt: { type: "string", ...(description !== undefined && { description }), ...extra } } });

describe("three-way merge against a record of digests", () => {
  const cases: [string, MergeCase][] = [
    ["vendor text unchanged: the maintainer's wording stays, nothing reported", { given: { existing: prop("Ours."), base: prop(sha("Theirs.")), fresh: prop("Theirs.") }, want: { schema: prop("Ours."), texts: [] } }],
    ["vendor text only reflowed: nothing reported", { given: { existing: prop("Ours."), base: prop(sha("Theirs now.")), fresh: prop("Theirs\n now.") }, want: { schema: prop("Ours."), texts: [] } }],
    ["vendor text changed: kept, reported", { given: { existing: prop("Ours."), base: prop(sha("Theirs.")), fresh: prop("Theirs, edited.") }, want: { schema: prop("Ours."), texts: [{ path: "input.prompt", keyword: "description", change: "changed" }] } }],
    ["vendor text changed to the maintainer's own: nothing to report", { given: { existing: prop("Ours."), base: prop(sha("Theirs.")), fresh: prop("Ours.") }, want: { schema: prop("Ours."), texts: [] } }],
    ["vendor text removed: the maintainer's kept, reported", { given: { existing: prop("Ours."), base: prop(sha("Theirs.")), fresh: prop() }, want: { schema: prop("Ours."), texts: [{ path: "input.prompt", keyword: "description", change: "removed" }] } }],
    ["vendor text added where the maintainer wrote one: kept, reported", { given: { existing: prop("Ours."), base: prop(), fresh: prop("Theirs.") }, want: { schema: prop("Ours."), texts: [{ path: "input.prompt", keyword: "description", change: "added" }] } }],
    ["vendor text added where the model file has none: taken", { given: { existing: prop(undefined, { maxLength: 5 }), base: prop(), fresh: prop("Theirs.") }, want: { schema: prop("Theirs.", { maxLength: 5 }), texts: [] } }],
    ["the model's own title changed: reported at input", { given: { existing: { title: "Ours" }, base: { title: sha("Theirs") }, fresh: { title: "Theirs 2" } }, want: { schema: { title: "Ours" }, texts: [{ path: "input", keyword: "title", change: "changed" }] } }],
    ["an item's description: reported at input.prompt[]", { given: { existing: prop(undefined, { items: { description: "Ours." } }), base: prop(undefined, { items: { description: sha("A.") } }), fresh: prop(undefined, { items: { description: "B." } }) }, want: { schema: prop(undefined, { items: { description: "Ours." } }), texts: [{ path: "input.prompt[]", keyword: "description", change: "changed" }] } }],
    ["a fact changed beside an unchanged text: the fact taken, the wording kept", { given: { existing: prop("Ours.", { maxLength: 10 }), base: prop(sha("Theirs."), { maxLength: 10 }), fresh: prop("Theirs.", { maxLength: 8 }) }, want: { schema: prop("Ours.", { maxLength: 8 }), texts: [] } }],
    ["a record written before digests (plain text) still compares", { given: { existing: prop("Ours."), base: prop("Theirs."), fresh: prop("Theirs.") }, want: { schema: prop("Ours."), texts: [] } }],
    ["a property named description: a name, its facts merge as facts", { given: { existing: { properties: { description: { maxLength: 3 } } }, base: { properties: { description: { maxLength: 3 } } }, fresh: { properties: { description: { maxLength: 2 } } } }, want: { schema: { properties: { description: { maxLength: 2 } } }, texts: [] } }],
  ];
  it.each(cases)("%s", (_name, { given, want }) => {
    expect(mergeModel(given.existing, given.base, given.fresh)).toEqual(want);
  });
});
