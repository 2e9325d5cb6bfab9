/**
 * `npm run import-model -- <page file> [--provider mindvideo|gateway] [--check] [--json] [--allow-breaking]`:
 * writes spec/models/<provider>/<slug>.json from a saved vendor page and reports what changed.
 * Exit codes as `npm run diff`: 0 fine, 1 a breaking change (unless --allow-breaking), 2 the page
 * cannot be imported (nothing written) or the command line is wrong.
 */
import { parseArgs } from "node:util";
import { PageImportError } from "./lib/import/errors.js";
import { importModel } from "./lib/import/import-model.js";
import { importReport } from "./lib/import/report.js";
import { PROVIDERS, type Provider } from "./lib/import/vendor-page.js";

const USAGE = `Usage: npm run import-model -- <page file> [options]

Reads a saved vendor model page and writes spec/models/<provider>/<slug>.json.
  <page file>            a MindVideo model page (text or HTML) or a gateway per-model OpenAPI
                         document (YAML, JSON, or the flattened one-line form)
  --provider <name>      mindvideo | gateway (default: detected; an OpenAPI document is gateway)
  --check                change no file; report what an import would change
  --json                 print the result as JSON
  --allow-breaking       exit 0 even when the vendor's change breaks existing callers
  --help                 this text

Exit codes: 0 imported (or nothing changed), 1 breaking change, 2 page not importable or bad usage.`;

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { provider: { type: "string" }, check: { type: "boolean", default: false }, json: { type: "boolean", default: false }, "allow-breaking": { type: "boolean", default: false }, help: { type: "boolean", default: false } },
    });
  } catch (error) {
    console.error(`import-model: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(`import-model: give exactly one page file (got ${positionals.length})\n\n${USAGE}`);
    return 2;
  }
  if (values.provider !== undefined && !(PROVIDERS as readonly string[]).includes(values.provider)) {
    console.error(`import-model: --provider must be one of ${PROVIDERS.join(", ")} (got "${values.provider}")`);
    return 2;
  }
  try {
    const result = importModel({ file: positionals[0]!, check: values.check, ...(values.provider !== undefined && { provider: values.provider as Provider }) });
    const breaking = result.changes.some((c) => c.class === "breaking");
    console.log(values.json ? JSON.stringify({ ...result, breaking }, null, 2) : importReport(result, values.check));
    if (breaking && !values["allow-breaking"]) {
      console.error("import-model: the vendor's change is breaking for existing callers (pass --allow-breaking to accept it)");
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof PageImportError) {
      console.error(`import-model: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exit(main(process.argv.slice(2)));
