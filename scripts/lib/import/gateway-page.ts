/**
 * A gateway per-model OpenAPI 3.1 document, as YAML or JSON, bare or inside a page's fenced
 * block, or flattened the way seed 003 was published. The request body schema becomes the model's
 * input; its `model` property is the selector the gateway API already carries, so it is dropped.
 */
import { parse } from "yaml";
import { isObject, type JsonSchema } from "../json-schema.js";
import type { OutputKind } from "../load-models.js";
import { SLUG_PATTERN } from "../naming.js";
import { resolve } from "../spec-diff.js";
import { PageImportError } from "./errors.js";
import { parseFlatOpenApi } from "./flat-yaml.js";
import { setOwn } from "./own-property.js";
import { outputKindOf } from "./output-kind.js";
import type { VendorPage } from "./vendor-page.js";

const METHODS = ["post", "put", "patch"];

export function readGatewayPage(text: string, page: string): VendorPage {
  const document = readOpenApi(text);
  const missing: string[] = [];
  if (!document) throw new PageImportError(page, ["no OpenAPI document found (no `openapi: 3.x` with `paths`)"]);

  const operation = requestOperation(document);
  const media = operation && ((resolve(operation.operation.requestBody, document) as JsonSchema | undefined)?.content as JsonSchema | undefined)?.["application/json"];
  const schema = isObject(media) ? (resolve(media.schema, document) as unknown) : undefined;
  if (!isObject(schema) || schema.type !== "object" || !isObject(schema.properties)) missing.push("no schema found (no application/json request body schema with properties)");

  const requestExamples = isObject(media) ? exampleValues(media) : [];
  const slug = isObject(schema) ? slugOf(schema, requestExamples, document) : undefined;
  if (!slug) missing.push("no slug (no `model` default, enum or example, no request example naming the model)");
  const output = operation ? outputOf(operation, document) : undefined;
  if (!output) missing.push("no output example (no response example or `type` example saying video or image, no /videos/ or /images/ path)");
  if (!isObject(schema) || !slug || !output || missing.length > 0) throw new PageImportError(page, missing);

  const info = isObject(document.info) ? document.info : {};
  const summary = prose(operation?.operation.description ?? info.description);
  const title = [...(summary ?? "").matchAll(/([A-Z][\w. -]*?)\s*\(\s*([a-z0-9][a-z0-9.-]*)\s*\)/g)].find((m) => m[2] === slug)?.[1]?.trim();
  return {
    provider: "gateway",
    slug,
    ...(title !== undefined && { title }),
    ...(summary !== undefined && { description: summary }),
    inputSchema: withoutSelector(toJsonSchema(schema) as JsonSchema),
    examples: requestExamples.filter((example) => example.model === undefined || example.model === slug).map(({ model: _model, ...input }) => input),
    output,
  };
}

function readOpenApi(text: string): JsonSchema | undefined {
  const isDocument = (value: unknown): value is JsonSchema => isObject(value) && typeof value.openapi === "string" && isObject(value.paths);
  const candidates = [text, ...[...text.matchAll(/^[ \t]*(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^[ \t]*\1[ \t]*$/gm)].map((m) => m[2]!)];
  for (const candidate of candidates) {
    try {
      const value: unknown = parse(candidate);
      if (isDocument(value)) return value;
    } catch {
      // not plain YAML or JSON: maybe flattened
    }
  }
  if (!/(?:^|\s)openapi:\s*3\./.test(text)) return undefined;
  try {
    const flat = parseFlatOpenApi(text);
    return isDocument(flat) ? flat : undefined;
  } catch {
    return undefined;
  }
}

function requestOperation(document: JsonSchema): { route: string; operation: JsonSchema } | undefined {
  for (const [route, item] of Object.entries(document.paths as JsonSchema)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (isObject(operation) && operation.requestBody !== undefined) return { route, operation };
    }
  }
  return undefined;
}

function exampleValues(media: JsonSchema): JsonSchema[] {
  const named = isObject(media.examples) ? Object.values(media.examples).map((e) => (isObject(e) ? e.value : undefined)) : [];
  return [media.example, ...named].filter(isObject);
}

function slugOf(schema: JsonSchema, examples: JsonSchema[], document: JsonSchema): string | undefined {
  const model = isObject(schema.properties) ? schema.properties.model : undefined;
  const candidates = [
    isObject(model) ? model.const : undefined,
    isObject(model) && Array.isArray(model.enum) && model.enum.length === 1 ? model.enum[0] : undefined,
    isObject(model) ? model.default : undefined,
    isObject(model) ? model.example : undefined,
    ...examples.map((example) => example.model),
    isObject(document.info) && typeof document.info.title === "string" ? document.info.title.replace(/\s+API$/, "") : undefined,
  ];
  return candidates.find((c): c is string => typeof c === "string" && SLUG_PATTERN.test(c));
}

function outputOf(operation: { route: string; operation: JsonSchema }, document: JsonSchema): OutputKind | undefined {
  const responses = isObject(operation.operation.responses) ? operation.operation.responses : {};
  for (const status of ["200", "201", "202"]) {
    const response = resolve(responses[status], document);
    const media = isObject(response) && isObject(response.content) ? response.content["application/json"] : undefined;
    if (!isObject(media)) continue;
    for (const example of exampleValues(media)) {
      const kind = outputKindOf(example.output) ?? outputKindOf(example.result) ?? kindWord(example.type);
      if (kind) return kind;
    }
    const schema = resolve(media.schema, document);
    const type = isObject(schema) && isObject(schema.properties) ? schema.properties.type : undefined;
    const kind = isObject(type) ? kindWord(type.example) ?? kindWord(Array.isArray(type.examples) ? type.examples[0] : undefined) : undefined;
    if (kind) return kind;
  }
  return /\/videos?\//.test(`${operation.route}/`) ? "video" : /\/images?\//.test(`${operation.route}/`) ? "image" : undefined;
}

const kindWord = (value: unknown): OutputKind | undefined => (value === "video" || value === "image" ? value : undefined);

/** OpenAPI 3.0-style schema keywords in their JSON Schema form: `example` → `examples`, `nullable`. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (!isObject(value)) return value;
  const out: JsonSchema = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "example") {
      if (!("examples" in value)) out.examples = [child];
    } else if (key === "nullable") {
      if (child === true && typeof value.type === "string") out.type = [value.type, "null"];
    } else if (key === "properties" && isObject(child)) {
      out.properties = Object.fromEntries(Object.entries(child).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else if (["items", "additionalProperties", "not", "allOf", "anyOf", "oneOf", "if", "then", "else"].includes(key)) {
      out[key] = toJsonSchema(child);
    } else if (!(key === "type" && out.type !== undefined)) {
      setOwn(out, key, child);
    }
  }
  return out;
}

function withoutSelector(schema: JsonSchema): JsonSchema {
  const { model: _model, ...properties } = schema.properties as JsonSchema;
  const required = Array.isArray(schema.required) ? schema.required.filter((name) => name !== "model") : undefined;
  return { ...schema, ...(required && { required }), properties };
}

/** A page's prose as one paragraph: bullets and line breaks folded. */
function prose(value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  return value
    .split("\n")
    .map((line) => line.replace(/^\s*-\s+/, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").trim())
    .filter(Boolean)
    .map((line) => (/[.!?]$/.test(line) ? line : `${line}.`))
    .join(" ");
}
