import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** Extension keywords our model schemas may carry; anything else unknown is an error (Ajv strict mode). */
export const EXTENSION_KEYWORDS = ["x-output", "x-playground", "x-rule", "x-tags", "x-model", "x-extensible-enum"] as const;

/** OpenAPI's own schema keywords, allowed when compiling a component of a bundled document. */
export const OPENAPI_SCHEMA_KEYWORDS = ["example", "discriminator", "xml", "externalDocs"] as const;

/** Formats the generated validator runtime implements; a schema using another one is refused. */
export const SUPPORTED_FORMATS = ["uri"] as const;

export type JsonSchema = { [key: string]: unknown };

/**
 * One Ajv configuration for everything that compiles model schemas, so the generated validators,
 * the schema check and the tests agree. strictTypes/strictRequired are off because cross-field
 * rules legitimately constrain a property (`properties: { n: { maximum: 14 } }`) without
 * restating its type.
 */
export function createAjv(options: { standalone?: boolean; openapi?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    code: options.standalone ? { source: true, esm: true, lines: false } : {},
  });
  for (const keyword of [...EXTENSION_KEYWORDS, ...(options.openapi ? OPENAPI_SCHEMA_KEYWORDS : [])]) ajv.addKeyword(keyword);
  addFormats.default(ajv, [...SUPPORTED_FORMATS]);
  return ajv;
}

/** Calls `visit` on every subschema object with its JSON pointer (`#/properties/n`). */
export function walkSchema(schema: unknown, visit: (node: JsonSchema, pointer: string) => void, pointer = "#"): void {
  if (Array.isArray(schema)) {
    schema.forEach((item, i) => walkSchema(item, visit, `${pointer}/${i}`));
    return;
  }
  if (!isObject(schema)) return;
  visit(schema, pointer);
  for (const [key, value] of Object.entries(schema)) {
    if (key === "examples" || key === "default" || key === "const" || key === "enum" || key.startsWith("x-")) continue;
    walkSchema(value, visit, `${pointer}/${escapePointer(key)}`);
  }
}

export function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
