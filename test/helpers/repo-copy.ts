import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "node:util";
import { repoRoot } from "./openapi.js";
import { readTree } from "../../scripts/lib/write-tree.js";

const COPIED = ["spec", "scripts", "generated", "src", "package.json", "tsconfig.json", "tsconfig.build.json", "redocly.yaml"];

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RepoCopy {
  dir: string;
  /** Runs a repo script (`scripts/<name>.ts`) with tsx inside the copy: a real process, as a developer runs it. */
  run(script: string, args?: string[]): RunResult;
  /**
   * `npm run generate` on the copy, in this process: what scripts/generate.ts does, with the copy's own
   * scripts/lib modules (their repoRoot is the copy). No tsx start and no re-import of the generator's
   * dependencies per call; suites keep one `run("generate")` for the real entry script.
   */
  generate(args?: string[]): Promise<RunResult>;
  /** `npm run diff` on the copy, in this process (scripts/diff.ts: the exit code of diffCommand). */
  diff(args?: string[]): Promise<RunResult>;
  /** `npm run import-model` on the copy, in this process (scripts/import-model.ts: the exit code of runImportCli). */
  importModel(args: string[]): Promise<RunResult>;
  /** A module of the copy (a path under it, e.g. "generated/validators/index.ts"), imported into this process. */
  load<T = Record<string, any>>(path: string): Promise<T>;
  generatedTree(): Map<string, string>;
  remove(): void;
}

/** Runs `command` with console.log/console.error captured as a process's stdout/stderr would be. */
async function captureConsole(command: () => number | Promise<number>): Promise<RunResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const { log, error } = console;
  console.log = (...args: unknown[]) => void stdout.push(`${format(...args)}\n`);
  console.error = (...args: unknown[]) => void stderr.push(`${format(...args)}\n`);
  try {
    const status = await command();
    return { status, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** A throwaway copy of the repo's sources sharing this checkout's node_modules. */
export function copyRepo(): RepoCopy {
  const dir = mkdtempSync(join(tmpdir(), "mindvideo-repo-"));
  for (const entry of COPIED) {
    if (existsSync(join(repoRoot, entry))) cpSync(join(repoRoot, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  const load = <T>(path: string) => import(/* @vite-ignore */ join(dir, path)) as Promise<T>;
  return {
    dir,
    run(script, args = []) {
      const result = spawnSync(process.execPath, [join(dir, "node_modules", "tsx", "dist", "cli.mjs"), join(dir, "scripts", `${script}.ts`), ...args], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    async generate(args = []) {
      const { generateCommand, generateFailure } = await load<typeof import("../../scripts/lib/generate.js")>("scripts/lib/generate.ts");
      return captureConsole(() =>
        generateCommand(args).catch((error: unknown) => {
          console.error(generateFailure(error));
          return 1;
        }),
      );
    },
    async diff(args = []) {
      const { diffCommand } = await load<typeof import("../../scripts/lib/diff-command.js")>("scripts/lib/diff-command.ts");
      return captureConsole(() => diffCommand(args));
    },
    async importModel(args) {
      const { runImportCli } = await load<typeof import("../../scripts/lib/import/cli.js")>("scripts/lib/import/cli.ts");
      return captureConsole(() => runImportCli(args));
    },
    load,
    generatedTree: () => readTree(join(dir, "generated")),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
