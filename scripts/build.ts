/**
 * `npm run build`: dist/esm (ESM) and dist/cjs (CommonJS), each with its own .d.ts, compiled by tsc
 * from src/ and generated/. The core builds without Node types, so a node:* import there fails the
 * build; src/node and src/cli (the Node-only helpers and the CLI) build in a second pass with them.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { repoRoot } from "./lib/paths.js";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const dist = join(repoRoot, "dist");

rmSync(join(dist, "esm"), { recursive: true, force: true });
rmSync(join(dist, "cjs"), { recursive: true, force: true });
for (const project of ["tsconfig.build.json", "tsconfig.build.cjs.json", "tsconfig.build.node.json", "tsconfig.build.node.cjs.json"]) {
  execFileSync(process.execPath, [tsc, "-p", join(repoRoot, project)], { stdio: "inherit", cwd: repoRoot });
}
mkdirSync(join(dist, "cjs"), { recursive: true });
writeFileSync(join(dist, "cjs", "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
writeFileSync(join(dist, "esm", "package.json"), `${JSON.stringify({ type: "module" }, null, 2)}\n`);
chmodSync(join(dist, "esm", "src", "cli", "main.js"), 0o755);
console.log("built dist/esm and dist/cjs");
