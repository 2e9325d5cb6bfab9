import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import traverse from "json-schema-traverse";

/** Extension keywords our model schemas may carry; anything else unknown is an error (Ajv strict mode). */
export const EXTENSION_KEYWORDS = ["x-output", "x-playground", "x-rule", "x-tags", "x-model", "x-extensible-enum"] as const;

/** OpenAPI's own schema keywords, allowed when compiling a component of a bundled document. */
export const OPENAPI_SCHEMA_KEYWORDS = ["example", "discriminator", "xml", "externalDocs"] as const;

/**
 * Keywords that state cross-field rules (a model's `allOf` entries with `x-rule`, conditionals,
 * dependencies) rather than a property's own shape: the types leave them out, the diff compares them as rules.
 */
export const RULE_KEYWORDS: readonly string[] = Object.freeze(["allOf", "anyOf", "oneOf", "not", "if", "then", "else", "contains", "minContains", "maxContains", "dependentSchemas", "dependentRequired"]);

/** Formats the generated validator runtime implements; a schema using another one is refused. */
export const SUPPORTED_FORMATS = ["uri"] as const;

export type JsonSchema = { [key: string]: unknown };

/**
 * One Ajv configuration for everything that compiles model schemas, so the generated validators,
 * the schema check and the tests agree. strictTypes/strictRequired are off because cross-field
 * rules legitimately constrain a property (`properties: { n: { maximum: 14 } }`) without
 * restating its type.
 */
export function createAjv(options: { standalone?: boolean; openapi?: boolean; compileOnly?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    // A compile that only checks the schema skips the optimizing passes: nothing runs the code.
    code: options.standalone ? { source: true, esm: true, lines: false } : options.compileOnly ? { optimize: false } : {},
  });
  for (const keyword of [...EXTENSION_KEYWORDS, ...(options.openapi ? OPENAPI_SCHEMA_KEYWORDS : [])]) ajv.addKeyword(keyword);
  addFormats.default(ajv, [...SUPPORTED_FORMATS]);
  return ajv;
}

/** Top-level keywords that describe a model rather than constrain its input. */
const MODEL_ANNOTATIONS: ReadonlySet<string> = new Set(["$id", "$comment", "title", "description", "examples", "x-tags", "x-playground"]);

/**
 * What a schema's validator depends on, as a string: equal keys compile to equal code (a model
 * cloned under a new slug and title), so a run compiles each distinct schema once.
 */
export function validationKey(schema: JsonSchema): string {
  return JSON.stringify(Object.entries(schema).filter(([key]) => !MODEL_ANNOTATIONS.has(key)));
}

/**
 * Draft 2020-12 applicators json-schema-traverse 1.0 predates. Registered on its shared keyword
 * tables (Ajv reads the same tables to find `$id`s, and these keywords hold subschemas there too).
 */
const keywordTables = traverse as unknown as Record<"keywords" | "arrayKeywords" | "propsKeywords", Record<string, boolean>>;
Object.assign(keywordTables.arrayKeywords, { prefixItems: true });
Object.assign(keywordTables.propsKeywords, { dependentSchemas: true });
Object.assign(keywordTables.keywords, { unevaluatedItems: true, unevaluatedProperties: true, contentSchema: true });

/**
 * Calls `visit` on every subschema with its JSON pointer (`#/properties/n`): json-schema-traverse
 * knows which keywords hold schemas, so a property named `default`, `enum` or `x-tags` is walked
 * while the values of `default`, `examples` or `x-playground` are not.
 */
export function walkSchema(schema: unknown, visit: (node: JsonSchema, pointer: string) => void): void {
  if (!isObject(schema)) return;
  traverse(schema, { cb: (node, pointer) => visit(node, `#${pointer}`) });
}

export function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

