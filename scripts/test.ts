/** `npm test` after `scripts/system-deps.ts`: the checks beside vitest, then the plain closing line (scripts/lib/test-run.ts). */
import { runAll } from "./lib/test-run.js";

process.exit(await runAll(process.argv.slice(2)));
