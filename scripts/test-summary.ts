/** Prints vitest's JSON report as one plain closing line: "tests: N passed, N failed, N skipped". */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./lib/paths.js";

const report = JSON.parse(readFileSync(join(repoRoot, "test", "artifacts", "vitest-results.json"), "utf8")) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
};
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`);
