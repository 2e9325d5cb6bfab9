/**
 * `npm run diff -- [--base <git ref>] [--json] [--allow-breaking]`: what the working tree's spec/
 * changes against `--base` (default HEAD), classified per model and per operation. Exits 1 when
 * something is breaking, unless --allow-breaking.
 */
import { parseArgs } from "node:util";
import { diffAgainst } from "./spec-at.js";
import { markdownReport, semverBump } from "./spec-diff.js";

/** `npm run diff`; returns the exit code. */
export function diffCommand(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: { base: { type: "string", default: "HEAD" }, json: { type: "boolean", default: false }, "allow-breaking": { type: "boolean", default: false } },
  });
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
