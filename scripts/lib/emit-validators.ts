import { readFileSync } from "node:fs";
import { join } from "node:path";
import standaloneCode from "ajv/dist/standalone/index.js";
import { createAjv, SUPPORTED_FORMATS } from "./json-schema.js";
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

export function emitValidators(models: readonly ModelSpec[]): ValidatorFiles {
  const ajv = createAjv({ standalone: true });
  const exports: Record<string, string> = {};
  for (const model of models) {
    ajv.addSchema(model.schema);
    exports[`validate${model.typeName}`] = model.schema.$id as string;
  }
  let code = models.length > 0 ? standaloneCode.default(ajv, exports) : '"use strict";';
  for (const [pattern, replacement] of RUNTIME_REWRITES) code = code.replace(pattern, replacement);
  const leftover = code.match(/require\([^)]*\)/);
  if (leftover) throw new Error(`generated validators still need ${leftover[0]}; extend the validator runtime (supported formats: ${SUPPORTED_FORMATS.join(", ")})`);

  const standalone = [
    "// @ts-nocheck -- Ajv standalone output, checked by the tests rather than the compiler.",
    'import { formats, ucs2length } from "./runtime.js";',
    code.replace(/^"use strict";/, ""),
    "",
  ].join("\n");

  const index = [
    'import type { ModelSlug } from "../models/registry.js";',
    `import { ${models.map((m) => `validate${m.typeName}`).join(", ")} } from "./standalone.js";`,
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
  ].join("\n");

  const runtime = readFileSync(join(repoRoot, "scripts", "templates", "validator-runtime.ts"), "utf8");
  return { standalone, runtime, index };
}
