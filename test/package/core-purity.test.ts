/** The client core and the simulator (src/simulator) use only web-standard APIs: no node:* (or bare Node built-in) imports outside src/node and src/cli. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/openapi.js";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const NODE_ONLY = ["src/node/", "src/cli/"];
const core = [...files(join(repoRoot, "src")), ...files(join(repoRoot, "generated"))].filter((f) => !NODE_ONLY.some((dir) => relative(repoRoot, f).startsWith(dir)));
const builtins = new Set(builtinModules);

describe("core purity", () => {
  it("finds the core files", () => {
    expect(core.length).toBeGreaterThan(15);
  });
  it("covers the simulator's core (it runs in browsers and workers too)", () => {
    expect(core.filter((f) => relative(repoRoot, f).startsWith(join("src", "simulator"))).length).toBeGreaterThanOrEqual(8);
  });
  it.each(core.map((f) => [relative(repoRoot, f), f]))("%s imports no Node built-in", (_name, file) => {
    const specifiers = [...readFileSync(file, "utf8").matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(specifiers.filter((s) => s.startsWith("node:") || builtins.has(s))).toEqual([]);
  });
});
