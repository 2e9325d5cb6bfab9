import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAjv, type JsonSchema } from "../json-schema.js";
import { loadModels } from "../load-models.js";
import { PageImportError } from "./errors.js";
import type { Provider } from "./vendor-page.js";

/** The same checks `npm run generate` makes, on a scratch copy, so a bad import writes nothing. */
export function assertValidModel(provider: Provider, slug: string, schema: JsonSchema, pageName: string): void {
  const scratch = mkdtempSync(join(tmpdir(), "mindvideo-import-"));
  try {
    mkdirSync(join(scratch, provider));
    writeFileSync(join(scratch, provider, `${slug}.json`), JSON.stringify(schema));
    loadModels([provider], scratch);
  } catch (error) {
    throw new PageImportError(pageName, [`the imported model is not a valid model file: ${(error as Error).message.replace(/\s+/g, " ")}`]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The page's own examples should pass its schema; when not, the page contradicts itself. */
export function exampleProblems(schema: JsonSchema, examples: JsonSchema[]): string[] {
  let validate;
  try {
    validate = createAjv().compile(schema);
  } catch {
    return [];
  }
  return examples.flatMap((example, i) => (validate(example) ? [] : [`the page's request example ${i + 1} does not pass the imported schema: ${createAjv().errorsText(validate.errors)}`]));
}
