import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./openapi.js";
import { readTree } from "../../scripts/lib/write-tree.js";

const COPIED = ["spec", "scripts", "generated", "src", "package.json", "tsconfig.json", "tsconfig.build.json", "redocly.yaml"];

export interface RepoCopy {
  dir: string;
  /** Runs a repo script (`scripts/<name>.ts`) with tsx inside the copy. */
  run(script: string, args?: string[]): { status: number | null; stdout: string; stderr: string };
  generatedTree(): Map<string, string>;
  remove(): void;
}

/** A throwaway copy of the repo's sources sharing this checkout's node_modules. */
export function copyRepo(): RepoCopy {
  const dir = mkdtempSync(join(tmpdir(), "mindvideo-repo-"));
  for (const entry of COPIED) {
    if (existsSync(join(repoRoot, entry))) cpSync(join(repoRoot, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
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
    generatedTree: () => readTree(join(dir, "generated")),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
