/**
 * `npm test` after the system packages: the checks (generate --check, lint, typecheck, api-report
 * --check) run as child processes beside vitest rather than before it, so they fill the cores vitest
 * leaves idle while it waits on Prism, browsers and child processes. Their output is held and printed
 * after vitest's, failures in full; the plain "tests: …" line stays the last line.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { repoRoot } from "./paths.js";
import { summaryLine } from "./test-summary.js";

export interface Check {
  /** How the README names it: the npm script and its arguments. */
  name: string;
  script: string;
  args: readonly string[];
}

/** What `npm test` checks besides the tests, each exactly as a developer runs it. */
export const CHECKS: readonly Check[] = Object.freeze([
  { name: "npm run generate -- --check", script: "generate", args: ["--check"] },
  { name: "npm run lint", script: "lint", args: [] },
  { name: "npm run typecheck", script: "typecheck", args: [] },
  { name: "npm run api-report -- --check", script: "api-report", args: ["--check"] },
]);

export interface CheckResult {
  name: string;
  code: number | null;
  output: string;
  seconds: number;
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Runs one check with its output held (stdout and stderr interleaved as written). */
export function runCheck(check: Check): Promise<CheckResult> {
  const started = performance.now();
  const args = ["run", "--silent", check.script, ...(check.args.length > 0 ? ["--", ...check.args] : [])];
  return new Promise((resolve) => {
    const child = spawn(npm, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const done = (code: number | null) => resolve({ name: check.name, code, output, seconds: (performance.now() - started) / 1000 });
    child.on("error", (error) => ((output += String(error)), done(null)));
    child.on("close", done);
  });
}

export const vitestReport = join(repoRoot, "test", "artifacts", "vitest-results.json");

/** `vitest run …args` with the terminal; resolves to its exit code. */
export function runVitest(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  rmSync(vitestReport, { force: true });
  const vitest = join(repoRoot, "node_modules", "vitest", "vitest.mjs");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, "run", ...args], { stdio: "inherit", cwd: repoRoot, env });
    child.on("error", () => resolve(1));
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/** The plain closing line from vitest's JSON report. */
export function vitestSummary(): string {
  return existsSync(vitestReport) ? summaryLine(JSON.parse(readFileSync(vitestReport, "utf8"))) : "tests: no report (vitest did not finish)";
}

/** One line per check; a failed check's whole output after its line. */
export function checkReport(results: readonly CheckResult[]): string {
  return results
    .map((r) => (r.code === 0 ? `check ok: ${r.name} (${r.seconds.toFixed(1)} s)` : `check FAILED (exit ${r.code}): ${r.name}\n${r.output.trimEnd()}`))
    .join("\n");
}

/** The checks and vitest side by side; resolves to the exit code (non-zero when any failed). */
export async function runAll(vitestArgs: readonly string[]): Promise<number> {
  const checks = Promise.all(CHECKS.map(runCheck));
  // The typecheck check compiles test/**/*.test-d.ts too (vitest.config.ts).
  const vitestCode = await runVitest(vitestArgs, { ...process.env, MINDVIDEO_TYPE_TESTS_IN_TYPECHECK: "1" });
  const results = await checks;
  console.log(checkReport(results));
  console.log(vitestSummary());
  return vitestCode === 0 && results.every((r) => r.code === 0) ? 0 : 1;
}
