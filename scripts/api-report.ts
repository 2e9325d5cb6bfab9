/** `npm run api-report` rewrites api-report/*.api.md; `-- --check` (in npm test) fails when they are stale. */
import { runApiReports } from "./lib/api-report.js";

const check = process.argv.includes("--check");
const outcomes = runApiReports(check ? "check" : "write");
let failed = false;
for (const { subpath, changed, problems } of outcomes) {
  for (const problem of problems) console.error(`${subpath}: ${problem}`);
  if (problems.length > 0) failed = true;
  if (changed && check) {
    console.error(`${subpath}: the public surface changed; run \`npm run api-report\` and commit api-report/`);
    failed = true;
  } else if (changed) console.log(`${subpath}: report updated`);
}
if (!failed) console.log(`api reports: ${outcomes.length} subpaths ${check ? "match api-report/" : "written to api-report/"}`);
process.exit(failed ? 1 : 0);
