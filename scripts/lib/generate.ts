/** spec/ → generated/: builds every output in memory, then swaps generated/ in one step or, with --check, names the stale files. */
import { performance } from "node:perf_hooks";
import { bundleApi, GENERATED_NOTICE, loadApis } from "./bundle-openapi.js";
import { emitRegistry, emitServers } from "./emit-registry.js";
import { modelInputTypes, openapiTypes } from "./emit-types.js";
import { callbackPayloads, emitValidators } from "./emit-validators.js";
import { emitOperationValidators } from "./emit-operation-validators.js";
import type { JsonSchema } from "./json-schema.js";
import { loadModels, ModelFileError } from "./load-models.js";
import { generatedDir, rel } from "./paths.js";
import { replaceTree, staleFiles, type Tree } from "./write-tree.js";
import { summaryLine } from "./spec-diff.js";
import { diffAgainst } from "./spec-at.js";

const TS_HEADER = `// ${GENERATED_NOTICE}\n\n`;

export async function buildGenerated(): Promise<{ tree: Tree; modelCount: number }> {
  const apis = loadApis();
  const providers = [...new Set(apis.flatMap((api) => api.slots.map((slot) => slot.provider)))].sort();
  const models = loadModels(providers);
  const tree: Tree = new Map();
  tree.set("README.md", `# generated/\n\n${GENERATED_NOTICE}\n\n${readmeBody(apis.map((a) => a.name))}`);
  const bundledApis = new Map<string, JsonSchema>();
  for (const api of apis) {
    const bundled = bundleApi(api, models);
    bundledApis.set(api.name, bundled);
    tree.set(`openapi/${api.name}.json`, `${JSON.stringify(bundled, null, 2)}\n`);
    tree.set(`openapi/${api.name}.ts`, TS_HEADER + (await openapiTypes(bundled)));
  }
  tree.set("openapi/documents.ts", TS_HEADER + emitDocuments(bundledApis));
  tree.set("models/types.ts", TS_HEADER + (await modelInputTypes(models)));
  const servers = Object.fromEntries(apis.map((api) => [api.name, ((api.document.servers as { url: string }[] | undefined) ?? [])[0]?.url ?? ""]));
  tree.set("models/registry.ts", TS_HEADER + emitRegistry(models, providers, servers));
  tree.set("models/servers.ts", TS_HEADER + emitServers(servers));
  const validators = emitValidators(models, apis.flatMap((api) => callbackPayloads(api.name, bundledApis.get(api.name)!)));
  tree.set("validators/index.ts", TS_HEADER + validators.index);
  tree.set("validators/standalone.ts", validators.standalone.replace("\n", `\n${TS_HEADER.trimEnd()}\n`));
  tree.set("validators/runtime.ts", TS_HEADER + validators.runtime);
  tree.set("validators/operations.ts", emitOperationValidators(apis, bundledApis, models).replace("\n", `\n${TS_HEADER.trimEnd()}\n`));
  return { tree, modelCount: models.length };
}

/** The bundled documents as a module: browsers and CommonJS builds cannot import the .json (the mock's contract checks need them). */
function emitDocuments(bundled: Map<string, JsonSchema>): string {
  const names = [...bundled.keys()];
  const entries = names.map((name) => `  ${JSON.stringify(name)}: ${JSON.stringify(bundled.get(name))},`);
  return [
    "/** The bundled OpenAPI documents, as in openapi/<api>.json. */",
    `export const openapiDocuments: { readonly [api in ${names.map((n) => JSON.stringify(n)).join(" | ")}]: Record<string, any> } = {`,
    ...entries,
    "};",
    "",
  ].join("\n");
}

/** One line on what spec/ changes against HEAD; nothing outside a git checkout or when HEAD has no spec. */
function specDiffSummary(): string | undefined {
  try {
    const changes = diffAgainst("HEAD");
    return changes ? summaryLine(changes) : undefined;
  } catch {
    return undefined;
  }
}

function readmeBody(apiNames: string[]): string {
  return [
    "| path | what |",
    "| --- | --- |",
    ...apiNames.map((name) => `| openapi/${name}.json, openapi/${name}.ts | the bundled ${name} OpenAPI document (models inlined) and its openapi-typescript types |`),
    "| openapi/documents.ts | the bundled documents as a module (for the mock's contract checks in browsers and CJS) |",
    "| models/types.ts | one input interface per model (json-schema-to-typescript) |",
    "| models/registry.ts | the model registry and the slug → input type maps |",
    "| models/servers.ts | each API's default server URL |",
    "| validators/ | precompiled Ajv validators per model input, with their small runtime |",
    "| validators/operations.ts | every operation's precompiled contract checks (parameters, body, statuses, headers), for the mock's front |",
    "",
  ].join("\n");
}

/** `npm run generate [-- --check]`; resolves to the exit code. */
export async function generateCommand(args: readonly string[]): Promise<number> {
  const check = args.includes("--check");
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const { tree, modelCount } = await buildGenerated();
  const stale = staleFiles(generatedDir, tree);
  const cpu = process.cpuUsage(cpuAtStart);
  // CPU beside wall time: on a shared machine the wall time measures the neighbours as much as generate.
  const ms = `${Math.round(performance.now() - started)} ms, cpu ${Math.round((cpu.user + cpu.system) / 1000)}`;
  if (check) {
    if (stale.length === 0) {
      console.log(`generated/ is up to date (${tree.size} files, ${modelCount} models, checked in ${ms} ms)`);
      return 0;
    }
    console.error(`generated/ is stale; run \`npm run generate\`. Stale files:\n${stale.map((s) => `  ${rel(generatedDir)}/${s}`).join("\n")}`);
    return 1;
  }
  if (stale.length === 0) {
    console.log(`generated/ is up to date (${tree.size} files, ${modelCount} models, ${ms} ms)`);
    return 0;
  }
  replaceTree(generatedDir, tree);
  console.log(`generated/ rewritten: ${stale.length} file(s) changed, ${tree.size} files, ${modelCount} models, ${ms} ms`);
  const summary = specDiffSummary();
  if (summary) console.log(summary.startsWith("0 breaking, 0 non-breaking, 0 docs") ? "spec/ vs HEAD: no contract change (the generator changed)" : `spec/ vs HEAD: ${summary} (details: npm run diff)`);
  return 0;
}

/** The message for a failed run: a malformed model file names itself; anything else gets its stack. */
export function generateFailure(error: unknown): string {
  const message = error instanceof ModelFileError ? error.message : `generate failed: ${(error as Error).stack ?? String(error)}`;
  return `${message}\ngenerated/ was left untouched.`;
}
