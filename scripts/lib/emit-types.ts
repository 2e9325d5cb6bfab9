import { astToString, resolveRef, scanDiscriminators, transformSchema, type GlobalContext, type OpenAPI3 } from "openapi-typescript";
import { compile, DEFAULT_OPTIONS } from "json-schema-to-typescript";
import { format } from "prettier";
import { isObject, type JsonSchema, RULE_KEYWORDS } from "./json-schema.js";
import type { ModelSpec } from "./load-models.js";

/** Keywords that state cross-field rules: the validators enforce them, types cannot express them. */

/** The options openapi-typescript's types are generated with (its `openapiTS(source, options)`). */
const OPENAPI_TS_OPTIONS = { alphabetize: false, emptyObjectsUnknown: true, defaultNonNullable: false } as const;

/**
 * openapi-typescript's types of a bundled document. `openapiTS()` first lints and re-bundles its input
 * with Redocly, which was most of its time (1.5 s of 1.7 s at 300 models) and changes nothing here:
 * the document is bundled already (bundle-openapi.ts) and `npm run lint` lints the spec. So the
 * transform runs directly, with the context `openapiTS()` builds from the same options.
 */
export async function openapiTypes(document: JsonSchema): Promise<string> {
  // openapi-typescript reads `x-generated` etc. harmlessly; it needs a plain object it may mutate.
  const schema = structuredClone(document) as unknown as OpenAPI3;
  const ctx: GlobalContext = {
    additionalProperties: false,
    alphabetize: OPENAPI_TS_OPTIONS.alphabetize,
    arrayLength: false,
    defaultNonNullable: OPENAPI_TS_OPTIONS.defaultNonNullable,
    discriminators: scanDiscriminators(schema, OPENAPI_TS_OPTIONS),
    emptyObjectsUnknown: OPENAPI_TS_OPTIONS.emptyObjectsUnknown,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    // Read by openapiTS's own lint and bundle only, which are skipped here.
    redoc: undefined as never,
    silent: false,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(schema, $ref, { silent: false }),
  };
  return astToString(transformSchema(schema, ctx));
}

/**
 * One exported interface per model input, named after its slug (`DoubaoSeedance20FastInput`).
 * Prettier runs once over the whole file rather than once per model (json-schema-to-typescript's
 * `format`, with its defaults): per model it was most of the time at 300 models. Its babel-ts parser
 * prints these declarations exactly as the typescript parser does, and loads and parses faster.
 */
export async function modelInputTypes(models: readonly ModelSpec[]): Promise<string> {
  const parts: string[] = [];
  for (const model of models) {
    const schema = typeSchema(model.schema, true) as JsonSchema;
    schema.description = [`Input of ${model.slug} (${model.provider}, ${model.output}): ${model.title}.`, model.description]
      .filter(Boolean)
      .join("\n\n");
    const code = await compile(schema as never, model.typeName, {
      bannerComment: "",
      additionalProperties: false,
      ignoreMinAndMaxItems: true,
      declareExternallyReferenced: true,
      unreachableDefinitions: false,
      strictIndexSignatures: true,
      format: false,
      customName: () => undefined,
    });
    parts.push(code.trim());
  }
  return format(parts.join("\n\n") + "\n", { parser: "babel-ts", filepath: "schema.d.ts", ...DEFAULT_OPTIONS.style });
}

/**
 * A copy of the schema shaped for type generation: no rule keywords, no titles (they would
 * become shared type names across models), documentation folded into the description.
 */
function typeSchema(node: unknown, root = false): unknown {
  if (Array.isArray(node)) return node.map((item) => typeSchema(item));
  if (!isObject(node)) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (RULE_KEYWORDS.includes(key) || key.startsWith("x-") || key.startsWith("$") || key === "title" || key === "examples") continue;
    if (key === "properties" && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeSchema(v)]));
    } else if (key === "items") {
      out.items = typeSchema(value);
    } else if (key !== "description") {
      out[key] = value;
    }
  }
  if (!root) {
    const doc = documentation(node);
    if (doc) out.description = doc;
  }
  return out;
}

function documentation(node: JsonSchema): string {
  const lines: string[] = [];
  const head = [node.title, node.description].filter((s): s is string => typeof s === "string" && s !== "");
  if (head.length > 0) lines.push(head.join(". ").replace(/\.\.$/, "."));
  if ("default" in node) lines.push(`@default ${JSON.stringify(node.default)}`);
  for (const key of ["minimum", "maximum", "minLength", "maxLength"]) {
    if (typeof node[key] === "number") lines.push(`@${key} ${node[key]}`);
  }
  return lines.join("\n");
}
