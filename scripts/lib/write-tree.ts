import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** File contents by path relative to the tree's root. */
export type Tree = Map<string, string>;

export function readTree(dir: string): Tree {
  const tree: Tree = new Map();
  if (!existsSync(dir)) return tree;
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const path = sub ? `${sub}/${name}` : name;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else tree.set(path, readFileSync(join(dir, path), "utf8"));
    }
  };
  walk("");
  return tree;
}

/** Paths that differ between what is on disk and what should be there, each with why. */
export function staleFiles(dir: string, wanted: Tree): string[] {
  const actual = readTree(dir);
  const stale: string[] = [];
  for (const [path, content] of wanted) {
    const found = actual.get(path);
    if (found === undefined) stale.push(`${path} (missing)`);
    else if (found !== content) stale.push(`${path} (out of date)`);
  }
  for (const path of actual.keys()) if (!wanted.has(path)) stale.push(`${path} (no longer generated)`);
  return stale.sort();
}

/**
 * Writes the whole tree beside `dir`, then swaps it in with renames, so a failure part-way leaves
 * the previous tree untouched and readers never see a half-written one.
 */
export function replaceTree(dir: string, tree: Tree): void {
  const staging = `${dir}.staging-${process.pid}`;
  const previous = `${dir}.previous-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [path, content] of tree) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      writeFileSync(join(staging, path), content);
    }
    if (existsSync(dir)) renameSync(dir, previous);
    renameSync(staging, dir);
    rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    if (!existsSync(dir) && existsSync(previous)) renameSync(previous, dir);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
