/** spec/ as it is at a git ref, and what the working tree changes against it. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot, specDir } from "./paths.js";
import { diffSpecs, type Change } from "./spec-diff.js";

/** Extracts spec/ as it is at `ref` into a temporary folder; undefined when git has no such tree. */
export function specAt(ref: string): { dir: string; remove(): void } | undefined {
  const dir = mkdtempSync(join(tmpdir(), "mindvideo-spec-"));
  try {
    const archive = execFileSync("git", ["archive", "--format=tar", ref, "spec"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
    return { dir: join(dir, "spec"), remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

export function diffAgainst(ref: string): Change[] | undefined {
  const base = specAt(ref);
  if (!base) return undefined;
  try {
    return diffSpecs(base.dir, specDir);
  } finally {
    base.remove();
  }
}
