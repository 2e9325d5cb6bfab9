/**
 * The public surface as committed API reports (api-extractor), one per package subpath, read from
 * the .d.ts the build emits. `write` refreshes api-report/; `check` fails when the surface changed
 * without its report; both fail when an exported signature refers to a type its entry does not export.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CompilerState, Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from "@microsoft/api-extractor";
import { repoRoot } from "./paths.js";

export const reportDir = join(repoRoot, "api-report");

export interface Entry {
  /** The subpath as users import it: "mindvideo", "mindvideo/gateway", … */
  subpath: string;
  /** File name of its report, without folder. */
  reportFileName: string;
  /** The entry's .d.ts, relative to the build's output folder. */
  dts: string;
}

/** Every subpath in package.json's exports that has types. */
export function packageEntries(): Entry[] {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { name: string; exports: Record<string, unknown> };
  return Object.entries(manifest.exports).flatMap(([key, target]) => {
    const types = (target as { import?: { types?: string } }).import?.types;
    if (types === undefined) return [];
    const subpath = key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`;
    return [{ subpath, reportFileName: `${subpath.replaceAll("/", "-")}.api.md`, dts: types.replace(/^\.\/dist\/esm\//, "") }];
  });
}

/**
 * Declarations only, in one tsc pass over the core and the Node-only helpers, without type-checking
 * them (`noCheck`): `npm run typecheck`, beside this check in `npm test`, checks the same sources, and
 * the build checks them again before anything ships.
 */
function emitDeclarations(work: string): string {
  const project = join(work, "tsconfig.json");
  const outDir = join(work, "dts");
  const config = {
    extends: join(repoRoot, "tsconfig.build.node.json"),
    compilerOptions: { rootDir: repoRoot, outDir, emitDeclarationOnly: true, noCheck: true, incremental: true, tsBuildInfoFile: join(work, "tsbuildinfo"), typeRoots: [join(repoRoot, "node_modules", "@types")] },
    include: [join(repoRoot, "src"), join(repoRoot, "generated")],
  };
  writeFileSync(project, JSON.stringify(config));
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", project], { cwd: repoRoot, stdio: "inherit" });
  return outDir;
}

export interface ReportOutcome {
  subpath: string;
  changed: boolean;
  problems: string[];
}

export function runApiReports(mode: "write" | "check"): ReportOutcome[] {
  // Inside the repo (dist/ is ignored) so the reports name repo-relative paths, the same on every
  // machine; kept between runs so tsc's incremental build re-emits only what changed.
  const work = join(repoRoot, "dist", "api-report-work");
  mkdirSync(work, { recursive: true });
  emitDeclarations(work);
  const configs = packageEntries().map((entry) => ({ entry, config: extractorConfig(entry, work) }));
  // One TypeScript program over every entry's .d.ts, shared by the twelve extractions: each would
  // otherwise build its own over the same files (and the DOM and Node libs), most of the check's CPU.
  const compilerState = CompilerState.create(configs[0]!.config, { additionalEntryPoints: configs.map((c) => c.config.mainEntryPointFilePath) });
  return configs.map(({ entry, config }) => extract(entry, config, compilerState, mode));
}

function extractorConfig(entry: Entry, work: string): ExtractorConfig {
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: repoRoot,
      mainEntryPointFilePath: join(work, "dts", entry.dts),
      compiler: {
        overrideTsconfig: {
          compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM", "DOM.Iterable"], types: ["node"], strict: true, skipLibCheck: true },
          files: [join(work, "dts", entry.dts)],
        },
      },
      apiReport: { enabled: true, reportFileName: entry.reportFileName, reportFolder: reportDir, reportTempFolder: join(work, "temp") },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
        extractorMessageReporting: {
          default: { logLevel: ExtractorLogLevel.None },
          // A public signature naming a type users cannot import is an error: every type an exported
          // option, class or function refers to must be exported by the same entry.
          "ae-forgotten-export": { logLevel: ExtractorLogLevel.Error, addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      },
    },
    configObjectFullPath: join(repoRoot, "api-extractor.json"),
    packageJsonFullPath: join(repoRoot, "package.json"),
  });
}

function extract(entry: Entry, config: ExtractorConfig, compilerState: CompilerState, mode: "write" | "check"): ReportOutcome {
  const problems: string[] = [];
  const result = Extractor.invoke(config, {
    compilerState,
    localBuild: mode === "write",
    messageCallback: (message: ExtractorMessage) => {
      if (message.logLevel === ExtractorLogLevel.Error) problems.push(`${message.messageId}: ${message.text}`);
      message.handled = true;
    },
  });
  return { subpath: entry.subpath, changed: result.apiReportChanged, problems };
}
