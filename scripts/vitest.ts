/**
 * Last step of `npm test`: `vitest run` (arguments passed on), then the plain closing line from its
 * JSON report, printed whether the run passed or not; exits with vitest's code.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./lib/paths.js";
import { summaryLine } from "./lib/test-summary.js";

const reportFile = join(repoRoot, "test", "artifacts", "vitest-results.json");
rmSync(reportFile, { force: true });
const vitest = join(repoRoot, "node_modules", "vitest", "vitest.mjs");
const result = spawnSync(process.execPath, [vitest, "run", ...process.argv.slice(2)], { stdio: "inherit", cwd: repoRoot });
console.log(existsSync(reportFile) ? summaryLine(JSON.parse(readFileSync(reportFile, "utf8"))) : "tests: no report (vitest did not finish)");
process.exit(result.status ?? 1);
