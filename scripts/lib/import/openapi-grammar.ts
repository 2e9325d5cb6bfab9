/**
 * Which keys each part of an OpenAPI 3.1 document takes, and what their values hold: enough to
 * rebuild the nesting of a YAML document whose indentation was lost (see flat-yaml.ts).
 */

/** What a key's value is: a plain value, a map of one part, a list of parts, or anything. */
export type ValueSpec = "scalar" | "any" | { map: Part } | { list: Part | "scalar" | "any" };
export type Part =
  | "doc" | "info" | "license" | "contact" | "server" | "tag" | "paths" | "pathItem" | "operation" | "requestBody"
  | "content" | "mediaType" | "examples" | "example" | "responses" | "response" | "components" | "schemas"
  | "schema" | "properties" | "securitySchemes" | "securityScheme" | "any";

interface PartRule {
  keys?: Record<string, ValueSpec>;
  /** Keys recognised by their form (`/paths`, `'200'`, `application/json`). */
  pattern?: RegExp;
  patternValue?: ValueSpec;
  /** Any other key, as a free-form name (`properties`, `schemas`, examples). */
  wildcard?: ValueSpec;
}

const map = (part: Part): ValueSpec => ({ map: part });
const list = (item: Part | "scalar" | "any"): ValueSpec => ({ list: item });
const scalars = (...names: string[]) => Object.fromEntries(names.map((name) => [name, "scalar" as const]));
const OPERATION_METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];

export const GRAMMAR: Record<Part, PartRule> = {
  doc: { keys: { ...scalars("openapi", "jsonSchemaDialect"), info: map("info"), servers: list("server"), security: list("any"), tags: list("tag"), paths: map("paths"), components: map("components"), webhooks: "any", externalDocs: "any" } },
  info: { keys: { ...scalars("title", "summary", "description", "termsOfService", "version"), license: map("license"), contact: map("contact") } },
  license: { keys: scalars("name", "url", "identifier") },
  contact: { keys: scalars("name", "url", "email") },
  server: { keys: { ...scalars("url", "description"), variables: "any" } },
  tag: { keys: { ...scalars("name", "description"), externalDocs: "any" } },
  paths: { pattern: /^\//, patternValue: map("pathItem") },
  pathItem: { keys: { ...Object.fromEntries(OPERATION_METHODS.map((m) => [m, map("operation")])), ...scalars("summary", "description"), parameters: list("any"), servers: list("server") } },
  operation: {
    keys: { tags: list("scalar"), ...scalars("summary", "description", "operationId", "deprecated"), parameters: list("any"), requestBody: map("requestBody"), responses: map("responses"), callbacks: "any", security: list("any"), servers: list("server"), externalDocs: "any" },
  },
  requestBody: { keys: { ...scalars("description", "required"), content: map("content") } },
  content: { pattern: /^[\w.+*-]+\/[\w.+*-]+$/, patternValue: map("mediaType") },
  mediaType: { keys: { schema: map("schema"), example: "any", examples: map("examples"), encoding: "any" } },
  examples: { wildcard: map("example") },
  example: { keys: { ...scalars("summary", "description", "externalValue"), value: "any" } },
  responses: { pattern: /^(?:[1-5](?:\d\d|XX)|default)$/, patternValue: map("response") },
  response: { keys: { description: "scalar", content: map("content"), headers: "any", links: "any" } },
  components: { keys: { schemas: map("schemas"), securitySchemes: map("securitySchemes"), ...Object.fromEntries(["responses", "parameters", "examples", "requestBodies", "headers", "links", "callbacks", "pathItems"].map((k) => [k, "any" as const])) } },
  schemas: { wildcard: map("schema") },
  schema: {
    keys: {
      ...scalars("format", "title", "description", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "nullable", "readOnly", "writeOnly", "deprecated", "$ref"),
      type: list("scalar"),
      default: "any",
      const: "any",
      example: "any",
      examples: list("any"),
      enum: list("scalar"),
      required: list("scalar"),
      properties: map("properties"),
      items: map("schema"),
      additionalProperties: map("schema"),
      not: map("schema"),
      allOf: list("schema"),
      anyOf: list("schema"),
      oneOf: list("schema"),
      discriminator: "any",
    },
  },
  properties: { wildcard: map("schema") },
  securitySchemes: { wildcard: map("securityScheme") },
  securityScheme: { keys: { ...scalars("type", "scheme", "bearerFormat", "description", "name", "in", "openIdConnectUrl"), flows: "any" } },
  any: { wildcard: "any" },
};

/** Schema keywords that only make sense for one JSON type: a `maxItems` after `type: string` belongs to the parent. */
export const KEYWORD_TYPES: Record<string, string[]> = {
  items: ["array"], maxItems: ["array"], minItems: ["array"], uniqueItems: ["array"],
  maxLength: ["string"], minLength: ["string"], pattern: ["string"], format: ["string"],
  minimum: ["integer", "number"], maximum: ["integer", "number"], exclusiveMinimum: ["integer", "number"], exclusiveMaximum: ["integer", "number"], multipleOf: ["integer", "number"],
  properties: ["object"], required: ["object"], additionalProperties: ["object"], minProperties: ["object"], maxProperties: ["object"],
};

/** A schema that is a `$ref` takes only these siblings. */
export const REF_SIBLINGS = new Set(["description", "summary", "title"]);
