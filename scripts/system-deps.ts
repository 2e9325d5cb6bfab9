/** First step of `npm test`: install the Debian packages the tests need, or stop with the command. */
import { ensureSystemPackages, runInherit } from "./lib/system-deps.js";

const outcome = ensureSystemPackages({ env: process.env, isRoot: process.getuid?.() === 0, run: runInherit });
if (outcome.kind === "installed") console.log(`installed Debian packages: ${outcome.packages.join(", ")}`);
if (outcome.kind === "stop") {
  console.error(`npm test: ${outcome.message}`);
  process.exit(1);
}
