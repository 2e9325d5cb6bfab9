/** `npm run import-model`: argument parsing, the report and the exit code (the entry script only exits with it). */
import { parseArgs } from "node:util";
import { PageImportError } from "./errors.js";
import { importModel } from "./import-model.js";
import { importReport } from "./report.js";
import { PROVIDERS, type Provider } from "./vendor-page.js";

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

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Where model files and vendor records live; spec/models and spec/vendor by default. */
  modelsRoot?: string;
  vendorRoot?: string;
}

const consoleIo: CliIo = { out: (text) => console.log(text), err: (text) => console.error(text) };

/** The whole command: arguments in, exit code out (0 fine, 1 breaking, 2 not importable or bad usage). */
export function runImportCli(argv: string[], io: CliIo = consoleIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { provider: { type: "string" }, check: { type: "boolean", default: false }, json: { type: "boolean", default: false }, "allow-breaking": { type: "boolean", default: false }, help: { type: "boolean", default: false } },
    });
  } catch (error) {
    io.err(`import-model: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.err(`import-model: give exactly one page file (got ${positionals.length})\n\n${USAGE}`);
    return 2;
  }
  if (values.provider !== undefined && !(PROVIDERS as readonly string[]).includes(values.provider)) {
    io.err(`import-model: --provider must be one of ${PROVIDERS.join(", ")} (got "${values.provider}")`);
    return 2;
  }
  try {
    const result = importModel({
      file: positionals[0]!,
      check: values.check,
      ...(values.provider !== undefined && { provider: values.provider as Provider }),
      ...(io.modelsRoot !== undefined && { modelsRoot: io.modelsRoot }),
      ...(io.vendorRoot !== undefined && { vendorRoot: io.vendorRoot }),
    });
    const breaking = result.changes.some((c) => c.class === "breaking");
    io.out(values.json ? JSON.stringify({ ...result, breaking }, null, 2) : importReport(result, values.check));
    if (breaking && !values["allow-breaking"]) {
      io.err("import-model: the vendor's change is breaking for existing callers (pass --allow-breaking to accept it)");
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof PageImportError) {
      io.err(`import-model: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
