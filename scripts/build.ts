/**
 * `npm run build`: dist/esm (ESM) and dist/cjs (CommonJS), each with its own .d.ts, compiled by tsc
 * from src/ and generated/. The core builds without Node types, so a node:* import there fails the
 * build; src/node and src/cli (the Node-only helpers and the CLI) build in a second pass with them.
 * The ESM entries' JavaScript is then replaced by esbuild bundles sharing their chunks (see
 * scripts/lib/bundle-esm.ts): tsc's per-module .js files there are removed, its .d.ts files stay.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { bundleEsm } from "./lib/bundle-esm.js";
import { repoRoot } from "./lib/paths.js";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const dist = join(repoRoot, "dist");

rmSync(join(dist, "esm"), { recursive: true, force: true });
rmSync(join(dist, "cjs"), { recursive: true, force: true });
for (const project of ["tsconfig.build.json", "tsconfig.build.cjs.json", "tsconfig.build.node.json", "tsconfig.build.node.cjs.json"]) {
  execFileSync(process.execPath, [tsc, "-p", join(repoRoot, project)], { stdio: "inherit", cwd: repoRoot });
}
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
