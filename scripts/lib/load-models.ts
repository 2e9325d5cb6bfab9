import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createAjv, isObject, validationKey, walkSchema, SUPPORTED_FORMATS, type JsonSchema } from "./json-schema.js";
import { inputTypeName, SLUG_PATTERN } from "./naming.js";
import { modelsDir, rel } from "./paths.js";

export const DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
export const OUTPUT_KINDS = ["video", "image"] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

/** A cross-field rule stated in prose by the vendor and encoded in the schema under `x-rule`. */
export interface ModelRule {
  /** JSON pointer of the subschema holding the rule, e.g. `#/allOf/0`. */
  pointer: string;
  message: string;
}

export interface ModelSpec {
  provider: string;
  slug: string;
  file: string;
  typeName: string;
  output: OutputKind;
  title: string;
  description: string;
  tags: string[];
  defaults: Record<string, unknown>;
  rules: ModelRule[];
  examples: Record<string, unknown>[];
  schema: JsonSchema;
}

/** Every problem of every model file, so one run reports them all. */
export class ModelFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid model files:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ModelFileError";
  }
}

export function loadModels(providers: readonly string[], root: string = modelsDir): ModelSpec[] {
  const problems: string[] = [];
  const models: ModelSpec[] = [];
  const check = createSchemaCheck();
  for (const provider of readdirSync(root).sort()) {
    const dir = join(root, provider);
    if (!statSync(dir).isDirectory()) {
      problems.push(`${rel(dir)}: model files live in spec/models/<provider>/<slug>.json`);
      continue;
    }
    if (!providers.includes(provider)) {
      problems.push(`${rel(dir)}: unknown provider "${provider}" (an API in spec/ declares x-models for: ${providers.join(", ")})`);
      continue;
    }
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name);
      const before = problems.length;
      const model = loadModel(provider, file, name, problems, check);
      if (model && problems.length === before) models.push(model);
    }
  }
  problems.push(...crossModelProblems(models));
  if (problems.length > 0) throw new ModelFileError(problems);
  return models;
}

function loadModel(provider: string, file: string, name: string, problems: string[], check: SchemaCheck): ModelSpec | undefined {
  const where = rel(file);
  const fail = (problem: string) => {
    problems.push(`${where}: ${problem}`);
    return undefined;
  };
  if (!name.endsWith(".json")) return fail("model files must be JSON files named <slug>.json");
  const slug = name.slice(0, -".json".length);
  if (!SLUG_PATTERN.test(slug)) return fail(`slug "${slug}" (the file name) must match ${SLUG_PATTERN.source}`);

  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return fail(`invalid JSON: ${(error as Error).message}`);
  }
  if (!isObject(schema)) return fail("the file must hold a JSON Schema object");
  if (schema.$schema !== DRAFT_2020_12) return fail(`"$schema" must be "${DRAFT_2020_12}"`);
  const idSuffix = `/models/${provider}/${slug}.json`;
  if (typeof schema.$id !== "string" || !schema.$id.endsWith(idSuffix)) {
    return fail(`"$id" must end with "${idSuffix}" to match the file name (found ${JSON.stringify(schema.$id)})`);
  }
  const output = schema["x-output"];
  if (!OUTPUT_KINDS.includes(output as OutputKind)) {
    return fail(`"x-output" must be one of ${OUTPUT_KINDS.join(", ")} (found ${JSON.stringify(output)})`);
  }
  if (typeof schema.title !== "string" || schema.title === "") return fail('"title" (the model\'s display name) is required');
  if (schema.type !== "object" || !isObject(schema.properties)) return fail('the input schema must be "type": "object" with "properties"');
  if (schema.additionalProperties !== false) return fail('"additionalProperties" must be false so unknown input fields are refused');

  const schemaProblems = check(schema);
  if (schemaProblems.length > 0) return fail(`not a valid JSON Schema: ${schemaProblems.join("; ")}`);

  const examples = Array.isArray(schema.examples) ? schema.examples.filter(isObject) : [];
  return {
    provider,
    slug,
    file: where,
    typeName: inputTypeName(slug),
    output: output as OutputKind,
    title: schema.title,
    description: typeof schema.description === "string" ? schema.description : "",
    tags: Array.isArray(schema["x-tags"]) ? schema["x-tags"].filter((t): t is string => typeof t === "string") : [],
    defaults: collectDefaults(schema),
    rules: collectRules(schema),
    examples,
    schema,
  };
}

type SchemaCheck = (schema: JsonSchema) => string[];

/**
 * One checker per run: a fresh Ajv per model recompiled the draft 2020-12 meta-schema every time
 * (most of `generate`'s time at 300 models). Schemas that differ only in their annotations (a
 * model cloned under a new slug) are compiled once: the verdict depends on the rest alone.
 */
function createSchemaCheck(): SchemaCheck {
  const ajv = createAjv({ compileOnly: true });
  const verdicts = new Map<string, string[]>();
  return (schema) => {
    if (!ajv.validateSchema(schema)) return (ajv.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    const key = validationKey(schema);
    let problems = verdicts.get(key);
    if (problems === undefined) {
      problems = compileProblems(ajv, schema);
      verdicts.set(key, problems);
    }
    return [...problems];
  };
}

function compileProblems(ajv: ReturnType<typeof createAjv>, schema: JsonSchema): string[] {
  const problems: string[] = [];
  walkSchema(schema, (node, pointer) => {
    if (typeof node.format === "string" && !(SUPPORTED_FORMATS as readonly string[]).includes(node.format)) {
      problems.push(`${pointer}: format "${node.format}" is not supported (supported: ${SUPPORTED_FORMATS.join(", ")})`);
    }
    if (typeof node.$ref === "string") problems.push(`${pointer}: $ref is not supported in model schemas (keep each model self-contained)`);
  });
  if (problems.length > 0) return problems;
  try {
    ajv.compile(schema);
  } catch (error) {
    problems.push((error as Error).message);
  } finally {
    // The shared instance keeps nothing of one file for the next (a failed compile may have registered the $id).
    ajv.removeSchema(schema);
  }
  return problems;
}

function collectDefaults(schema: JsonSchema): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties as JsonSchema)) {
    if (isObject(property) && "default" in property) defaults[key] = property.default;
  }
  return defaults;
}

function collectRules(schema: JsonSchema): ModelRule[] {
  const rules: ModelRule[] = [];
  walkSchema(schema, (node, pointer) => {
    if (typeof node["x-rule"] === "string") rules.push({ pointer, message: node["x-rule"] });
  });
  return rules;
}

function crossModelProblems(models: ModelSpec[]): string[] {
  const problems: string[] = [];
  const bySlug = new Map<string, ModelSpec>();
  const byType = new Map<string, ModelSpec>();
  for (const model of models) {
    const sameSlug = bySlug.get(model.slug);
    if (sameSlug) problems.push(`${model.file}: slug "${model.slug}" is already used by ${sameSlug.file}; slugs are unique across providers`);
    const sameType = byType.get(model.typeName);
    if (sameType) problems.push(`${model.file}: type name ${model.typeName} collides with ${sameType.file}; rename one slug`);
    bySlug.set(model.slug, model);
    byType.set(model.typeName, model);
  }
  return problems;
}
