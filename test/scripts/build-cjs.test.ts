/** scripts/lib/build-cjs.ts: CommonJS per module from the sources the ESM build declared, its declarations copied. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildCommonJs, compilerOptionsOf } from "../../scripts/lib/build-cjs.js";
import { repoRoot } from "../helpers/openapi.js";

const cjsOptions = compilerOptionsOf(join(repoRoot, "tsconfig.build.node.cjs.json"));
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function project(files: Record<string, string>) {
  dir = mkdtempSync(join(tmpdir(), "mindvideo-build-cjs-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { esm: join(dir, "esm"), cjs: join(dir, "cjs") };
}

describe("buildCommonJs", () => {
  it("writes CommonJS for every declared module and copies its declarations; skipped modules get neither", () => {
    const { esm, cjs } = project({
      "src/a.ts": 'import { b } from "./b.js";\nexport const a = (): number => b + 1;\nexport type A = number;\n',
      "src/b.ts": "export const b = 1;\n",
      "src/cli/main.ts": "export const main = 1;\n",
      "esm/src/a.d.ts": "export declare const a: () => number;\nexport type A = number;\n",
      "esm/src/b.d.ts": "export declare const b = 1;\n",
      "esm/src/cli/main.d.ts": "export declare const main = 1;\n",
    });
    expect(buildCommonJs(dir, esm, cjs, cjsOptions, (module) => module.startsWith("src/cli/"))).toBe(2);
    const a = readFileSync(join(cjs, "src/a.js"), "utf8");
    expect(a).toContain('require("./b.js")');
    expect(a).toContain("exports.a = a;");
    expect(a).not.toMatch(/^import /m);
    expect(readFileSync(join(cjs, "src/a.d.ts"), "utf8")).toBe(readFileSync(join(esm, "src/a.d.ts"), "utf8"));
    expect(existsSync(join(cjs, "src/cli/main.js"))).toBe(false);
    expect(existsSync(join(cjs, "src/cli/main.d.ts"))).toBe(false);
  });

  it("stops on a module that does not parse, naming it", () => {
    const { esm, cjs } = project({ "src/bad.ts": "export const = 1;\n", "esm/src/bad.d.ts": "export {};\n" });
    expect(() => buildCommonJs(dir, esm, cjs, cjsOptions, () => false)).toThrow(/bad\.ts/);
  });

  it("reads the CommonJS options the way tsc -p does", () => {
    expect(cjsOptions.module).toBe(1); // ts.ModuleKind.CommonJS
    expect(cjsOptions.isolatedModules).toBe(true); // what makes module-by-module transpiling equal to tsc's output
  });
});
