/**
 * fast-check arbitraries from a model's JSON Schema: inputs that satisfy every per-property
 * constraint (cross-field rules are left to chance, so both verdicts occur), and mutations that
 * break exactly one constraint.
 */
import fc from "fast-check";

type Schema = Record<string, any>;

const url = (ext: string) => fc.nat({ max: 999 }).map((n) => `https://example.com/assets/${n}.${ext}`);

export function valueArbitrary(schema: Schema, name = ""): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  if ("const" in schema) return fc.constant(schema.const);
  switch (schema.type) {
    case "string": {
      if (schema.format === "uri" || typeof schema.pattern === "string" || /url/.test(name)) return url(name.includes("audio") ? "mp3" : name.includes("video") ? "mp4" : "png");
      const maxLength = Math.min(schema.maxLength ?? 60, 60);
      return fc.string({ minLength: Math.max(schema.minLength ?? 0, 1), maxLength });
    }
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 1000, 2 ** 31 - 1) });
    case "number":
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(valueArbitrary(schema.items ?? {}, name), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case "object":
      return objectArbitrary(schema);
    default:
      return fc.constant(null);
  }
}

export function objectArbitrary(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const shape = Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, valueArbitrary(sub as Schema, key)]));
  return fc.record(shape, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<Record<string, unknown>>;
}

/** Breaks exactly one constraint of `input` (a valid-per-property object of `schema`). */
export function mutationArbitrary(schema: Schema): fc.Arbitrary<{ rule: string; input: Record<string, unknown> }> {
  const properties = Object.entries(schema.properties ?? {}) as [string, Schema][];
  return fc.tuple(objectArbitrary(schema), fc.nat()).map(([input, pick]) => {
    const candidates: { rule: string; apply: (o: Record<string, unknown>) => void }[] = [
      { rule: "unknown property", apply: (o) => (o.unexpected_field = true) },
      ...(schema.required ?? []).map((key: string) => ({ rule: `${key} missing`, apply: (o: Record<string, unknown>) => delete o[key] })),
      ...properties.flatMap(([key, sub]) => breakers(key, sub)),
    ];
    const chosen = candidates[pick % candidates.length]!;
    const copy = structuredClone(input);
    chosen.apply(copy);
    return { rule: chosen.rule, input: copy };
  });
}

function breakers(key: string, sub: Schema): { rule: string; apply: (o: Record<string, unknown>) => void }[] {
  const out: { rule: string; apply: (o: Record<string, unknown>) => void }[] = [];
  const set = (rule: string, value: unknown) => out.push({ rule: `${key}: ${rule}`, apply: (o) => (o[key] = value) });
  if (Array.isArray(sub.enum)) set("value outside the enum", "not-an-allowed-value");
  if (sub.type === "string") {
    set("wrong type", 12345);
    if (typeof sub.maxLength === "number") set("too long", "x".repeat(sub.maxLength + 1));
    if (typeof sub.minLength === "number" && sub.minLength > 0) set("too short", "");
  }
  if (sub.type === "integer") {
    set("not an integer", 1.5);
    set("wrong type", "5");
    if (typeof sub.maximum === "number") set("above maximum", sub.maximum + 1);
    if (typeof sub.minimum === "number") set("below minimum", sub.minimum - 1);
  }
  if (sub.type === "boolean") set("wrong type", "true");
  if (sub.type === "array") {
    set("wrong type", "https://example.com/a.png");
    if (typeof sub.maxItems === "number") set("too many items", Array.from({ length: sub.maxItems + 1 }, (_, i) => (sub.items?.type === "object" ? { url: `https://example.com/${i}.png`, role: "first_frame" } : `https://example.com/${i}.png`)));
    if (sub.items?.type === "string") set("item of the wrong type", [42]);
  }
  if (sub.type === "object") set("wrong type", []);
  return out;
}
