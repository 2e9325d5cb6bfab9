/**
 * `vitest run` (arguments passed on), then the plain closing line from its JSON report, printed
 * whether the run passed or not; exits with vitest's code. (`npm test` runs it beside the checks: scripts/test.ts.)
 */
import { runVitest, vitestSummary } from "./lib/test-run.js";

const code = await runVitest(process.argv.slice(2));
console.log(vitestSummary());
process.exit(code);
