/**
 * dist/cjs without type-checking the sources a second and third time. The ESM passes have checked
 * them; `isolatedModules` guarantees each module compiles on its own, so ts.transpileModule with the
 * CommonJS options gives the JavaScript tsc would, and a declaration file reads the same under either
 * module format, so the ESM pass's .d.ts files are copied. (Checked when this replaced the two tsc
 * CommonJS passes: dist/cjs came out byte-identical. test/targets/smoke.test.ts requires every
 * subpath from the packed tarball and runs arethetypeswrong over it.)
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

/** The compiler options of a tsconfig file, resolved the way tsc -p reads them. */
export function compilerOptionsOf(configPath: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); } });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  return parsed.options;
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? declarationFiles(path) : name.endsWith(".d.ts") ? [path] : [];
  });
}

/**
 * For every module the ESM build declared under `esmDir` (except those `skip` names by their
 * repo-relative path without extension), writes its CommonJS JavaScript and its declarations under
 * `cjsDir`. Returns the number of modules written.
 */
export function buildCommonJs(repoRoot: string, esmDir: string, cjsDir: string, options: ts.CompilerOptions, skip: (module: string) => boolean): number {
  // Where files go is decided here, not by the config's rootDir/outDir (which name the real build's folders).
  const { rootDir: _rootDir, outDir: _outDir, ...compilerOptions } = options;
  let written = 0;
  for (const dts of declarationFiles(esmDir)) {
    const module = relative(esmDir, dts).slice(0, -".d.ts".length);
    if (skip(module)) continue;
    const source = join(repoRoot, `${module}.ts`);
    const { outputText, diagnostics } = ts.transpileModule(readFileSync(source, "utf8"), { compilerOptions, fileName: source, reportDiagnostics: true });
    if (diagnostics && diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => repoRoot, getNewLine: () => "\n" }));
    mkdirSync(join(cjsDir, dirname(module)), { recursive: true });
    writeFileSync(join(cjsDir, `${module}.js`), outputText);
    copyFileSync(dts, join(cjsDir, `${module}.d.ts`));
    written++;
  }
  return written;
}
