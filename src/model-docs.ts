/** A model's parameters as rows (name, type, default, allowed values, description), for docs and the CLI. */

/** A JSON Schema object as the registry holds it. */
export type Schema = Record<string, any>;

export interface ParameterRow {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  allowed: string;
  description: string;
  advanced: boolean;
}

/** One row per parameter; fields of array items and nested objects get their own rows. */
export function parameterRows(schema: Schema, prefix = ""): ParameterRow[] {
  const required = new Set<string>(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([key, raw]) => {
    const sub = raw as Schema;
    const name = `${prefix}${key}`;
    const row: ParameterRow = {
      name,
      type: typeName(sub),
      required: required.has(key),
      ...("default" in sub ? { default: sub.default } : {}),
      allowed: allowedValues(sub),
      description: describe(sub.title, sub.description),
      advanced: sub["x-playground"]?.advanced === true,
    };
    const nested = sub.type === "array" && sub.items?.type === "object" ? parameterRows(sub.items, `${name}[].`) : sub.type === "object" ? parameterRows(sub, `${name}.`) : [];
    return [row, ...nested];
  });
}

function typeName(schema: Schema): string {
  if (schema.type === "array") return `array of ${schema.items ? typeName(schema.items) : "any"}`;
  return schema.format ? `${schema.type} (${schema.format})` : String(schema.type ?? "any");
}

function allowedValues(schema: Schema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(", ")}`;
  const range = (min: unknown, max: unknown, unit: string) =>
    min !== undefined && max !== undefined ? `${min}–${max}${unit}` : min !== undefined ? `≥ ${min}${unit}` : max !== undefined ? `≤ ${max}${unit}` : "";
  return [
    range(schema.minimum, schema.maximum, ""),
    range(schema.minLength, schema.maxLength, " characters"),
    range(schema.minItems, schema.maxItems, " items"),
    schema.pattern ? `matches ${schema.pattern}` : "",
  ]
    .filter(Boolean)
    .join("; ");
}

/** "Title. Description", without repeating a title the description already starts with. */
function describe(title: unknown, description: unknown): string {
  const [t, d] = [typeof title === "string" ? title : "", typeof description === "string" ? description : ""];
  if (!d) return t;
  return !t || d.toLowerCase().startsWith(t.toLowerCase().split(" ")[0]!) ? d : `${t}. ${d}`;
}
