/**
 * `npm run diff -- [--base <git ref>] [--json] [--allow-breaking]`: what the working tree's spec/
 * changes against `--base` (default HEAD), classified per model and per operation. Exits 1 when
 * something is breaking, unless --allow-breaking.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot, specDir } from "./lib/paths.js";
import { diffSpecs, markdownReport, semverBump, type Change } from "./lib/spec-diff.js";

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

function main(): number {
  const { values } = parseArgs({ options: { base: { type: "string", default: "HEAD" }, json: { type: "boolean", default: false }, "allow-breaking": { type: "boolean", default: false } } });
  const changes = diffAgainst(values.base);
  if (!changes) {
    console.error(`diff: cannot read spec/ at ${values.base} (not a git repository, or no such ref)`);
    return 2;
  }
  const breaking = changes.some((c) => c.class === "breaking");
  if (values.json) console.log(JSON.stringify({ base: values.base, semver: semverBump(changes), breaking, changes }, null, 2));
  else console.log(markdownReport(changes, values.base));
  if (breaking && !values["allow-breaking"]) {
    console.error("diff: breaking changes found (pass --allow-breaking to accept them)");
    return 1;
  }
  return 0;
}

if (process.argv[1]?.endsWith("diff.ts")) process.exit(main());
