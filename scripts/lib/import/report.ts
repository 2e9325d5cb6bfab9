import { markdownReport } from "../spec-diff.js";
import type { ImportResult } from "./import-model.js";

/** What one import did, for a maintainer reading a terminal or a scheduled job's log. */
export function importReport(result: ImportResult, check: boolean): string {
  const action = check
    ? `--check: no file changed (${result.status === "unchanged" ? "the model file already matches the page" : `an import would ${result.status === "added" ? "add" : "update"} ${result.modelFile}`})`
    : result.written.length > 0
      ? `wrote ${result.written.join(", ")}`
      : "nothing to write: the model file and the vendor record already match the page";
  const merge = { new: "new model", "three-way": "merged with the committed file, against the last import's record", "two-way": "merged with the committed file (no record of the last import: titles and descriptions kept, published facts taken from the page)" }[result.merge];
  return [
    `# import-model: ${result.provider}/${result.slug}`,
    "",
    `${action}. ${merge[0]!.toUpperCase()}${merge.slice(1)}.`,
    "",
    markdownReport(result.changes, `the committed ${result.modelFile}`).replace(/^## Spec changes since/, "## Changes against"),
    `## Prose rules to encode by hand (${result.proseRules.length})`,
    "",
    ...(result.proseRules.length === 0 ? ["None found."] : result.proseRules.map((r) => `- warning: ${r.field}: ${r.kind}: "${r.sentence}"${r.xRules.length > 0 ? ` (${r.xRules.length} x-rule(s) in the model file name this field)` : " (no x-rule in the model file names this field)"}`)),
    ...(result.notes.length > 0 ? ["", "## Notes", "", ...result.notes.map((n) => `- ${n}`)] : []),
    "",
  ].join("\n");
}
