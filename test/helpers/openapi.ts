import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

import { repoRoot } from "../../scripts/lib/paths.js";

export { repoRoot };
export type ApiName = "mindvideo" | "gateway";

export function bundledDocument(api: ApiName): Record<string, any> {
  return JSON.parse(readFileSync(join(repoRoot, "generated", "openapi", `${api}.json`), "utf8"));
}

/**
 * A validator for one component schema of a bundled document, resolving its internal $refs the
 * way Prism does: the whole document is registered and the schema addressed by JSON pointer.
 */
const documentAjv = new Map<ApiName, Ajv2020>();

export function componentValidator(api: ApiName, schemaName: string): ValidateFunction {
  let ajv = documentAjv.get(api);
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(bundledDocument(api), api);
    documentAjv.set(api, ajv);
  }
  const validate = ajv.getSchema(`${api}#/components/schemas/${schemaName}`);
  if (!validate) throw new Error(`no schema ${schemaName} in ${api}`);
  return validate;
}
