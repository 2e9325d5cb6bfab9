import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildModel } from "../../scripts/lib/import/build-model.js";
import { proseRules } from "../../scripts/lib/import/prose-rules.js";
import { readVendorPage } from "../../scripts/lib/import/read-page.js";
import { walkSchema } from "../../scripts/lib/json-schema.js";
import { repoRoot } from "../helpers/openapi.js";
import { requireSeedPages, type SeedPage } from "../helpers/seed-extract.js";
import { gatewaySeedFacts, seedPageFiles } from "../helpers/seed-page-files.js";

const extracted: SeedPage[] = requireSeedPages();
const VALIDATION_KEYWORDS = ["enum", "const", "default", "minimum", "maximum", "minLength", "maxLength", "pattern", "format", "minItems", "maxItems"];
type Schema = Record<string, any>;

/**
 * The fields whose published descriptions state a rule, derived from the spec and the seeds (not
 * from the importer): every field an `x-rule` of the committed model file is about (the property
 * holding it, else the first property its sentence names), and every field where the committed
 * file carries a validation keyword the seed's schema does not publish (a rule taken from prose).
 */
function expectedFields(committed: Schema, published: Schema): string[] {
  const names = Object.keys(committed.properties);
  const fields = new Set<string>();
  walkSchema(committed, (node, pointer) => {
    if (typeof node["x-rule"] !== "string") return;
    const holder = /^#\/properties\/([^/]+)/.exec(pointer)?.[1];
    const named = (node["x-rule"] as string).split(/[^\w]+/).find((word) => names.includes(word));
    fields.add(holder ?? named!);
  });
  for (const name of names) {
    const added = VALIDATION_KEYWORDS.filter((k) => k in committed.properties[name] && !(k in (published.properties[name] ?? {})));
    if (added.length > 0) fields.add(name);
  }
  return [...fields].sort();
}

const squash = (text: string) => text.replace(/\*\*/g, "").replace(/\s+/g, " ");

describe("prose-rule warnings for the four seed models", () => {
  it.each(seedPageFiles().map((p) => [p.file, p] as const))("%s: a warning for every prose rule, each quoting the page", (file, page) => {
    const committed = JSON.parse(readFileSync(join(repoRoot, "spec", "models", page.provider, `${page.slug}.json`), "utf8"));
    const published = file.startsWith("003") ? gatewaySeedFacts : (extracted.find((p) => p.file === file)!.inputSchema as Schema);
    const expected = expectedFields(committed, published);
    expect(expected.length).toBeGreaterThan(0);

    const rules = proseRules(buildModel(readVendorPage(page.text, file)).schema);
    const warned = new Set(rules.map((r) => r.field));
    expect(expected.filter((field) => !warned.has(field)), "fields with a prose rule but no warning").toEqual([]);
    for (const rule of rules) expect(squash(page.text), `${rule.field}: the sentence is the page's own`).toContain(squash(rule.sentence));
  });

  it("quotes the rules the issue names, on the fields that state them", () => {
    const rulesOf = (prefix: string) => {
      const page = seedPageFiles().find((p) => p.file.startsWith(prefix))!;
      return proseRules(buildModel(readVendorPage(page.text, page.file)).schema).map((r) => `${r.field}: ${r.sentence}`);
    };
    expect(rulesOf("001")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^image_urls: .*cannot be used together with image_with_roles/i), expect.stringMatching(/^audio_urls: must be used with reference images or reference videos/i)]),
    );
    expect(rulesOf("002")).toEqual(expect.arrayContaining([expect.stringMatching(/^image_urls: .*count plus n must be 15 or less/)]));
  });

  it("stays quiet on descriptions that state no rule", () => {
    const schema = {
      type: "object",
      properties: {
        prompt: { type: "string", description: "Video content description." },
        video_urls: { type: "array", description: "Reference video URLs or approved asset URLs." },
        nested: { type: "object", properties: { inner: { type: "string", description: "Cannot be used together with prompt." } } },
      },
    };
    expect(proseRules(schema)).toEqual([{ field: "nested.inner", kind: "excludes another field", sentence: "Cannot be used together with prompt." }]);
  });
});
