import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: scripts/ sits directly under it, so a copied repo regenerates itself. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const specDir = join(repoRoot, "spec");
export const modelsDir = join(specDir, "models");
export const generatedDir = join(repoRoot, "generated");

/** Repo-relative, forward-slash path for messages (never an absolute path of this machine). */
export function rel(path: string): string {
  return relative(repoRoot, path).split(sep).join("/");
}
