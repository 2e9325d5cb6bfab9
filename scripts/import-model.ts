/**
 * `npm run import-model -- <page file> [--provider mindvideo|gateway] [--check] [--json] [--allow-breaking]`:
 * writes spec/models/<provider>/<slug>.json from a saved vendor page and reports what changed.
 * Exit codes as `npm run diff`: 0 fine, 1 a breaking change (unless --allow-breaking), 2 the page
 * cannot be imported (nothing written) or the command line is wrong.
 */
import { runImportCli } from "./lib/import/cli.js";

process.exit(runImportCli(process.argv.slice(2)));
