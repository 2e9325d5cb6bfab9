/**
 * `npm run build`: dist/esm (ESM) and dist/cjs (CommonJS), each with its own .d.ts, from src/ and
 * generated/. tsc checks and compiles the core without Node types, so a node:* import there fails the
 * build; src/node and src/cli (the Node-only helpers and the CLI) compile in a second pass with them,
 * beside the first. dist/cjs is then transpiled module by module from the same sources, with the
 * declarations the checked passes wrote (scripts/lib/build-cjs.ts). The ESM entries' JavaScript is
 * replaced by esbuild bundles sharing their chunks (see scripts/lib/bundle-esm.ts): tsc's per-module
 * .js files there are removed, its .d.ts files stay.
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildCommonJs, compilerOptionsOf } from "./lib/build-cjs.js";
import { bundleEsm } from "./lib/bundle-esm.js";
import { repoRoot } from "./lib/paths.js";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const dist = join(repoRoot, "dist");

rmSync(join(dist, "esm"), { recursive: true, force: true });
rmSync(join(dist, "cjs"), { recursive: true, force: true });
const passes = await Promise.allSettled(
  ["tsconfig.build.json", "tsconfig.build.node.json"].map((project) => promisify(execFile)(process.execPath, [tsc, "-p", join(repoRoot, project)], { cwd: repoRoot })),
);
for (const pass of passes) {
  if (pass.status === "fulfilled") continue;
  const failure = pass.reason as { stdout?: string; stderr?: string; message: string };
  process.stderr.write(`${failure.stdout ?? ""}${failure.stderr ?? ""}` || failure.message);
  process.exit(1);
}
// Like tsconfig.build.cjs.json and tsconfig.build.node.cjs.json: the CLI ships as ESM only.
buildCommonJs(repoRoot, join(dist, "esm"), join(dist, "cjs"), compilerOptionsOf(join(repoRoot, "tsconfig.build.node.cjs.json")), (module) => module.startsWith("src/cli/"));
removeJavaScript(join(dist, "esm"));
await bundleEsm(repoRoot, join(dist, "esm"));
mkdirSync(join(dist, "cjs"), { recursive: true });
writeFileSync(join(dist, "cjs", "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
writeFileSync(join(dist, "esm", "package.json"), `${JSON.stringify({ type: "module" }, null, 2)}\n`);
chmodSync(join(dist, "esm", "src", "cli", "main.js"), 0o755);
console.log("built dist/esm and dist/cjs");

/** tsc's per-module ESM JavaScript: the bundles replace it; declarations (.d.ts) are kept. */
function removeJavaScript(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) removeJavaScript(path);
    else if (name.endsWith(".js")) rmSync(path);
  }
}
