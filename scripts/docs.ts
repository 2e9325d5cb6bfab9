/** `npm run docs`: builds dist/docs/ (see scripts/lib/docs-build.ts). */
import { buildDocs } from "./lib/docs-build.js";

try {
  const started = performance.now();
  const files = buildDocs();
  console.log(`docs built in dist/docs in ${((performance.now() - started) / 1000).toFixed(1)} s: ${files.join(", ")}`);
} catch (error) {
  console.error(`docs: ${(error as Error).message}`);
  process.exit(1);
}
