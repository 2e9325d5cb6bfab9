/**
 * One import: read the page, build the model file, merge it with the committed one, classify what
 * the vendor changed, and write (unless `check`) the model file and the record of the page's facts.
 * Nothing is written when the page cannot be read or the result is not a valid model file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { isObject, walkSchema, type JsonSchema } from "../json-schema.js";
import { modelsDir, rel, specDir } from "../paths.js";
import { compareSchemas, type Change } from "../spec-diff.js";
import { buildModel } from "./build-model.js";
import { PageImportError } from "./errors.js";
import { mergeModel, type TextChange } from "./merge-model.js";
import { readPageFile } from "./page-file.js";
import { proseRules, type ProseRule } from "./prose-rules.js";
import { readVendorPage } from "./read-page.js";
import { assertValidModel, exampleProblems } from "./validate-model.js";
import type { Provider } from "./vendor-page.js";
import { vendorRecord } from "./vendor-record.js";

/** The page's own facts as last imported (texts as digests only): the base of the next re-import's merge. */
export const vendorDir = join(specDir, "vendor");

export interface ImportOptions {
  file: string;
  provider?: Provider;
  check?: boolean;
  /** Where model files and vendor records live (spec/models, spec/vendor by default). */
  modelsRoot?: string;
  vendorRoot?: string;
}

export interface ImportResult {
  provider: Provider;
  slug: string;
  /** Repo-relative path of the model file. */
  modelFile: string;
  status: "added" | "updated" | "unchanged";
  /** Whether the merge had a record of the last import (three-way) or not (two-way). */
  merge: "new" | "three-way" | "two-way";
  changes: Change[];
  /** Each prose rule, with the model file's `x-rule` sentences naming its field (encoded by hand already, perhaps). */
  proseRules: (ProseRule & { xRules: string[] })[];
  notes: string[];
  written: string[];
}

export function importModel(options: ImportOptions): ImportResult {
  const modelsRoot = options.modelsRoot ?? modelsDir;
  const vendorRoot = options.vendorRoot ?? vendorDir;
  const pageName = basename(options.file);
  const page = readVendorPage(readPageFile(options.file, pageName), pageName, options.provider);
  const built = buildModel(page);
  const modelPath = join(modelsRoot, page.provider, `${page.slug}.json`);
  const vendorPath = join(vendorRoot, page.provider, `${page.slug}.json`);
  const existing = readJson(modelPath, pageName);
  const base = readJson(vendorPath, pageName);
  const merge = existing ? mergeModel(existing, base, built.schema) : undefined;
  const merged = merge ? merge.schema : built.schema;
  const record = vendorRecord(built.schema) as JsonSchema;
  const scope = `model ${page.provider}/${page.slug}`;
  const changes: Change[] = existing
    ? [...compareSchemas(existing, merged, "request", scope, "input"), ...(merge?.texts ?? []).map((text) => textChangeOf(scope, text))]
    : [{ scope, path: "", rule: "model added", class: "non-breaking", detail: String(merged.title) }];

  const notes = [...built.notes, ...exampleProblems(merged, page.examples)];
  assertValidModel(page.provider, page.slug, merged, pageName);

  const written: string[] = [];
  const modelChanged = !existing || JSON.stringify(existing) !== JSON.stringify(merged);
  if (!options.check) {
    if (modelChanged) written.push(writeJson(modelPath, merged));
    if (JSON.stringify(base) !== JSON.stringify(record)) written.push(writeJson(vendorPath, record));
  }
  return {
    provider: page.provider,
    slug: page.slug,
    modelFile: rel(modelPath),
    status: !existing ? "added" : modelChanged ? "updated" : "unchanged",
    merge: !existing ? "new" : base ? "three-way" : "two-way",
    changes,
    proseRules: proseRules(built.schema).map((rule) => ({ ...rule, xRules: xRulesNaming(merged, rule.field) })),
    notes,
    written,
  };
}

/** The model file kept its wording; the maintainer learns where the vendor's text moved on. */
function textChangeOf(scope: string, text: TextChange): Change {
  const what = text.keyword === "$comment" ? "comment" : text.keyword;
  return {
    scope,
    path: text.path,
    rule: "documentation changed",
    class: "docs",
    detail: `vendor ${text.change} the ${what} of ${text.path}; the model file keeps its own text: update it by hand from the page`,
  };
}

function xRulesNaming(schema: JsonSchema, field: string): string[] {
  const name = field.split(/[.[]/)[0]!;
  const found: string[] = [];
  walkSchema(schema, (node, pointer) => {
    const rule = node["x-rule"];
    if (typeof rule === "string" && (pointer.startsWith(`#/properties/${name}/`) || new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(rule))) found.push(rule);
  });
  return found;
}

function readJson(path: string, pageName: string): JsonSchema | undefined {
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new PageImportError(pageName, [`${rel(path)} is not valid JSON (${(error as Error).message}); fix or remove it first`]);
  }
  return isObject(value) ? value : undefined;
}

function writeJson(path: string, value: JsonSchema): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return rel(path);
}
