/**
 * Sentences in published field descriptions that state a rule the schema does not carry: fields
 * that exclude or need each other, counts that must add up, values or defaults given only in
 * prose. The importer cannot encode them; it names each so a maintainer encodes it by hand
 * (an `allOf` entry with `x-rule`, or a keyword) or records it in spec/ASSUMPTIONS.md.
 */
import { isObject, type JsonSchema } from "../json-schema.js";

export interface ProseRule {
  /** The field, as a dotted path (`image_urls`, `options.max_images`, `image_with_roles[]`). */
  field: string;
  /** What kind of rule the sentence states. */
  kind: string;
  sentence: string;
}

const KINDS: [kind: string, pattern: RegExp][] = [
  ["excludes another field", /\bcannot be (?:used|combined|sent) (?:together )?with\b|\bmutually exclusive\b|\bnot (?:be )?used together\b/i],
  ["needs another field", /\bmust be (?:used|sent|combined) (?:together )?with\b|\bonly (?:works|valid|allowed) with\b|\brequires?\b.*\b(?:field|parameter|input)s?\b/i],
  ["counts that add up", /\bplus\b.*\b(?:must|should|cannot)\b|\b(?:sum|total) of\b.*\b(?:must|at most|or less|or fewer)\b/i],
  ["a count per kind", /\bat most one\b|\bonly one\b|\bone image for each\b/i],
  ["allowed values in prose", /\bsupported (?:ratios|values|sizes|formats?|file formats|types)\b\s*:|\bone of\s*:/i],
  ["a default in prose", /\bdefaults? (?:to|value)\b|\bis the default\b/i],
  ["a condition on another field", /\bwhen using\b|\bonly (?:in|for) [\w-]+ mode\b|\bif \w+ is (?:set|given|present)\b/i],
  ["a limit in prose", /\bmust not exceed\b|\bnot exceeding\b|\blimited to\b|\bor (?:less|fewer)\b|\bper request\s*:/i],
  ["forbidden values", /\bprohibited\b|\bnot allowed\b|\bforbidden\b|\bonly \w+ (?:protocol|scheme)s? (?:is|are) supported\b/i],
];

export function proseRules(schema: JsonSchema): ProseRule[] {
  const found: ProseRule[] = [];
  visit(schema, "", found);
  return found;
}

function visit(schema: JsonSchema, path: string, found: ProseRule[]): void {
  if (path !== "" && typeof schema.description === "string") {
    for (const sentence of sentences(schema.description)) {
      const kind = KINDS.find(([, pattern]) => pattern.test(sentence))?.[0];
      if (kind) found.push({ field: path, kind, sentence });
    }
  }
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) if (isObject(child)) visit(child, path ? `${path}.${name}` : name, found);
  }
  if (isObject(schema.items)) visit(schema.items, `${path}[]`, found);
}

/** Sentences and bullet points, without Markdown emphasis. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.;!?])\s+(?=[A-Z*`-])/)
    .map((s) => s.replace(/^\s*[-*]\s+/, "").replace(/\*\*/g, "").trim())
    .filter((s) => s.length > 0);
}
