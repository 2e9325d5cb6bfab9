/**
 * A model schema read as form fields, following its `x-playground` hints. Shared by the page
 * generator (markup at build time) and the page's script (reading the form back), so both agree on
 * names and kinds. Pure: no DOM, no Node.
 */

type Schema = Record<string, any>;

export type FieldKind = "text" | "textarea" | "enum" | "boolean" | "integer" | "number" | "files" | "lines" | "json";

export interface PlaygroundField {
  name: string;
  kind: FieldKind;
  label: string;
  description: string;
  required: boolean;
  advanced: boolean;
  default?: unknown;
  options?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  rows?: number;
  placeholder?: string;
  /** File fields: the accepted media types, as in the hint (`image/*`, `image/png,image/webp`). */
  accept?: string;
  multiple?: boolean;
  maxBytes?: number;
  maxItems?: number;
}

/** Required parameters first, then the schema's own order. */
export function orderedPropertyNames(schema: Schema): string[] {
  const names = Object.keys(schema.properties ?? {});
  const required = new Set<string>(schema.required ?? []);
  return [...names.filter((n) => required.has(n)), ...names.filter((n) => !required.has(n))];
}

export function playgroundFields(schema: Schema): PlaygroundField[] {
  const required = new Set<string>(schema.required ?? []);
  return orderedPropertyNames(schema).map((name) => fieldFor(name, schema.properties[name] as Schema, required.has(name)));
}

function fieldFor(name: string, property: Schema, required: boolean): PlaygroundField {
  const hints: Schema = property["x-playground"] ?? {};
  const example = Array.isArray(property.examples) ? property.examples[0] : undefined;
  const placeholder = typeof hints.placeholder === "string" ? hints.placeholder : typeof example === "string" ? example : undefined;
  const field: PlaygroundField = {
    name,
    kind: kindOf(property, hints),
    label: typeof property.title === "string" ? property.title : name,
    description: typeof property.description === "string" ? property.description : "",
    required,
    advanced: hints.advanced === true,
    ...("default" in property ? { default: property.default } : {}),
    ...(Array.isArray(property.enum) ? { options: property.enum } : {}),
    ...(typeof property.minimum === "number" ? { minimum: property.minimum } : {}),
    ...(typeof property.maximum === "number" ? { maximum: property.maximum } : {}),
    ...(typeof hints.rows === "number" ? { rows: hints.rows } : {}),
    ...(placeholder === undefined ? {} : { placeholder }),
    ...(typeof hints.accept === "string" ? { accept: hints.accept } : {}),
    ...(hints.multiple === true ? { multiple: true } : {}),
    ...(typeof hints.maxBytes === "number" ? { maxBytes: hints.maxBytes } : {}),
    ...(typeof property.maxItems === "number" ? { maxItems: property.maxItems } : {}),
  };
  return field;
}

function kindOf(property: Schema, hints: Schema): FieldKind {
  if (hints.widget === "file-upload") return "files";
  if (Array.isArray(property.enum)) return "enum";
  if (hints.widget === "textarea") return "textarea";
  switch (property.type) {
    case "boolean":
      return "boolean";
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "array":
      return property.items?.type === "string" ? "lines" : "json";
    case "object":
      return "json";
    default:
      return "text";
  }
}

/**
 * The top-level parameters a cross-field rule is about, so its message can sit next to them: the
 * property a nested rule lives under, or the names an object-level rule constrains or tests.
 */
export function ruleFields(schema: Schema, pointer: string): string[] {
  const parts = pointer.replace(/^#\//, "").split("/");
  if (parts[0] === "properties" && parts[1]) return [parts[1]];
  let node: unknown = schema;
  for (const part of parts) node = (node as Schema | undefined)?.[part];
  const own = new Set(Object.keys(schema.properties ?? {}));
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value as Schema)) {
      // Inside `contains`/`items` the names belong to array elements, not to the model's parameters.
      if (key === "contains" || key === "items") continue;
      if (key === "required" && Array.isArray(child)) child.forEach((n) => own.has(n) && found.add(n));
      else if ((key === "properties" || key === "dependentSchemas" || key === "dependentRequired") && child && typeof child === "object") {
        for (const n of Object.keys(child)) if (own.has(n)) found.add(n);
        walk(Object.values(child));
      } else walk(child);
    }
  };
  walk(node);
  return orderedPropertyNames(schema).filter((n) => found.has(n));
}
