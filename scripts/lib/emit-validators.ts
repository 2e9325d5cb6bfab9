import { readFileSync } from "node:fs";
import { join } from "node:path";
import standaloneCode from "ajv/dist/standalone/index.js";
import { createAjv, SUPPORTED_FORMATS, validationKey, type JsonSchema } from "./json-schema.js";
import { pascalCase } from "./naming.js";
import type { ModelSpec } from "./load-models.js";
import { repoRoot } from "./paths.js";

export interface ValidatorFiles {
  standalone: string;
  runtime: string;
  index: string;
}

/** Ajv's standalone output `require`s its helpers; these rewrites point it at the generated runtime. */
const RUNTIME_REWRITES: [RegExp, string][] = [
  [/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, "ucs2length"],
  [/require\("ajv-formats\/dist\/formats"\)\.fullFormats\.([a-z-]+)/g, "formats.$1"],
];

/** A callback's payload schema: validated on receipt with a precompiled validator. */
export interface CallbackPayload {
  api: string;
  callback: string;
  exportName: string;
  schema: JsonSchema;
}

/**
 * The request body schema of every callback in a bundled document, made self-contained: the
 * document's component schemas become `$defs` so internal `$ref`s resolve.
 */
export function callbackPayloads(api: string, document: JsonSchema): CallbackPayload[] {
  const payloads: CallbackPayload[] = [];
  const components = ((document.components as JsonSchema).schemas ?? {}) as JsonSchema;
  const rewrite = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value).replace(/"#\/components\/schemas\//g, '"#/$defs/'));
  for (const pathItem of Object.values(document.paths as JsonSchema)) {
    for (const operation of Object.values(pathItem as JsonSchema)) {
      const callbacks = (operation as JsonSchema | undefined)?.callbacks as JsonSchema | undefined;
      for (const [callback, expressions] of Object.entries(callbacks ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
        for (const callbackPath of Object.values(expressions as JsonSchema)) {
          const media = (((callbackPath as JsonSchema).post as JsonSchema | undefined)?.requestBody as JsonSchema | undefined)?.content as JsonSchema | undefined;
          const schema = (media?.["application/json"] as JsonSchema | undefined)?.schema;
          if (!schema) continue;
          const exportName = `validate${pascalCase(api)}${pascalCase(callback)}Payload`;
          payloads.push({
            api,
            callback,
            exportName,
            schema: { $id: `https://schemas.mindvideo.ai/openapi/${api}/callbacks/${callback}.json`, $defs: rewrite(components), ...(rewrite(schema) as JsonSchema) },
          });
        }
      }
    }
  }
  return payloads;
}

export function emitValidators(models: readonly ModelSpec[], payloads: readonly CallbackPayload[] = []): ValidatorFiles {
  const ajv = createAjv({ standalone: true, openapi: true });
  const exports: Record<string, string> = {};
  // Models whose schemas differ only in annotations share the first one's compiled validator:
  // Ajv's code generation is most of `generate`'s time, and a catalog repeats schemas under new slugs.
  const compiledFor = new Map<string, string>();
  const aliases: string[] = [];
  for (const model of models) {
    const key = validationKey(model.schema);
    const same = compiledFor.get(key);
    if (same !== undefined) {
      aliases.push(`/** ${model.slug}: the same input schema as ${same.slice("validate".length)}. */`, `export const validate${model.typeName} = ${same};`);
      continue;
    }
    compiledFor.set(key, `validate${model.typeName}`);
    ajv.addSchema(model.schema);
    exports[`validate${model.typeName}`] = model.schema.$id as string;
  }
  for (const payload of payloads) {
    ajv.addSchema(payload.schema);
    exports[payload.exportName] = payload.schema.$id as string;
  }
  let code = models.length > 0 ? standaloneCode.default(ajv, exports) : '"use strict";';
  for (const [pattern, replacement] of RUNTIME_REWRITES) code = code.replace(pattern, replacement);
  const leftover = code.match(/require\([^)]*\)/);
  if (leftover) throw new Error(`generated validators still need ${leftover[0]}; extend the validator runtime (supported formats: ${SUPPORTED_FORMATS.join(", ")})`);

  const standalone = [
    "// @ts-nocheck -- Ajv standalone output, checked by the tests rather than the compiler.",
    'import { formats, ucs2length } from "./runtime.js";',
    code.replace(/^"use strict";/, ""),
    ...aliases,
    "",
  ].join("\n");

  const index = [
    'import type { ModelSlug } from "../models/registry.js";',
    `import { ${[...models.map((m) => `validate${m.typeName}`), ...payloads.map((p) => p.exportName)].join(", ")} } from "./standalone.js";`,
    "",
    "/** One problem Ajv found; `schemaPath` locates the rule in the model schema. */",
    "export interface SchemaError {",
    "  instancePath: string;",
    "  schemaPath: string;",
    "  keyword: string;",
    "  params: Record<string, unknown>;",
    "  message?: string;",
    "}",
    "",
    "/** A precompiled validator: returns whether `data` is valid and leaves every problem on `errors`. */",
    "export interface ModelValidator {",
    "  (data: unknown): boolean;",
    "  errors?: SchemaError[] | null;",
    "}",
    "",
    "export const validators: { readonly [Slug in ModelSlug]: ModelValidator } = {",
    ...models.map((m) => `  ${JSON.stringify(m.slug)}: validate${m.typeName} as ModelValidator,`),
    "};",
    "",
    "/** Validators of callback payloads, by API and callback name (spec: paths.*.*.callbacks). */",
    "export const callbackValidators = {",
    ...[...new Set(payloads.map((p) => p.api))].flatMap((api) => [
      `  ${JSON.stringify(api)}: {`,
      ...payloads.filter((p) => p.api === api).map((p) => `    ${JSON.stringify(p.callback)}: ${p.exportName} as ModelValidator,`),
      "  },",
    ]),
    "} as const;",
    "",
  ].join("\n");

  const runtime = readFileSync(join(repoRoot, "scripts", "templates", "validator-runtime.ts"), "utf8");
  return { standalone, runtime, index };
}
