import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runImportCli } from "../../scripts/lib/import/cli.js";
import { readTree } from "../../scripts/lib/write-tree.js";
import { repoRoot } from "../helpers/openapi.js";
import { seedPageFiles } from "../helpers/seed-page-files.js";

type Edit = [from: string, to: string];
interface Case {
  given: { page: string; edits: Edit[]; args?: string[] };
  want: { exit: number; changes?: { class: string; rule: string; path: string }[]; error?: RegExp };
}

const seedPages = new Map(seedPageFiles().map((page) => [page.file.slice(0, 3), page]));
const newProperty = '"properties": {\n"motion_strength": {\n"type": "number",\n"minimum": 0,\n"maximum": 1\n},\n"seed": {';
const change = (klass: string, rule: string, path: string) => ({ class: klass, rule, path });

const cases: [string, Case][] = [
  ["2.0 fast: an enum value added", { given: { page: "001", edits: [['"480p",\n"720p"\n]', '"480p",\n"720p",\n"1080p"\n]']] }, want: { exit: 0, changes: [change("non-breaking", "enum value added", "input.resolution")] } }],
  ["2.0 fast: an enum value removed", { given: { page: "001", edits: [['"21:9",\n"adaptive"\n]', '"21:9"\n]']] }, want: { exit: 1, changes: [change("breaking", "enum value removed", "input.size")] } }],
  ["2.0 fast: a maximum lowered", { given: { page: "001", edits: [['"maximum": 15,\n"minimum": 4', '"maximum": 12,\n"minimum": 4']] }, want: { exit: 1, changes: [change("breaking", "maximum lowered", "input.duration")] } }],
  ["2.0 fast: a maximum lowered, --allow-breaking", { given: { page: "001", edits: [['"maximum": 15,\n"minimum": 4', '"maximum": 12,\n"minimum": 4']], args: ["--allow-breaking"] }, want: { exit: 0, changes: [change("breaking", "maximum lowered", "input.duration")] } }],
  ["2.0 fast: a new optional field", { given: { page: "001", edits: [['"properties": {\n"seed": {', newProperty]] }, want: { exit: 0, changes: [change("non-breaking", "new optional property", "input.motion_strength")] } }],
  ["2.0 fast: a new required field", { given: { page: "001", edits: [['"properties": {\n"seed": {', newProperty], ['"required": [\n"prompt"\n]', '"required": [\n"prompt",\n"motion_strength"\n]']] }, want: { exit: 1, changes: [change("breaking", "new required property", "input.motion_strength")] } }],
  ["2.0 fast: a description reworded", { given: { page: "001", edits: [['"description": "Video content description."', '"description": "What the video shows."']] }, want: { exit: 0, changes: [change("docs", "documentation changed", "input.prompt")] } }],
  ["2.0 fast: the schema missing", { given: { page: "001", edits: [["SCHEMA", ""]] }, want: { exit: 2, error: /no schema found/ } }],
  ["2.0 fast: no slug", { given: { page: "001", edits: [['"model": "doubao-seedance-2-0-fast",\n', ""]] }, want: { exit: 2, error: /no slug/ } }],
  ["2.0 fast: no output example", { given: { page: "001", edits: [['"output": {', '"result": {'], ['"output": {', '"result": {']] }, want: { exit: 2, error: /no output example/ } }],
  ["2.0 fast: nothing a page has", { given: { page: "001", edits: [["SCHEMA", ""], ['"model": "doubao-seedance-2-0-fast",\n', ""], ['"output": {', '"result": {'], ['"output": {', '"result": {']] }, want: { exit: 2, error: /no schema found.*no slug.*no output example/ } }],
  ["1.0 quality: no model in the request: the breadcrumb names it, the request example is gone", { given: { page: "000", edits: [['"model": "doubao-seedance-1-0-pro-quality",\n', ""]] }, want: { exit: 0, changes: [change("docs", "documentation changed", "input")] } }],
  ["4.0: a maximum lowered on n", { given: { page: "002", edits: [['"default": 1,\n"maximum": 15,', '"default": 1,\n"maximum": 10,']] }, want: { exit: 1, changes: [change("breaking", "maximum lowered", "input.n")] } }],
  ["gateway (flattened): an enum value removed", { given: { page: "003", edits: [["- 480p\n- 720p\n- 1080p", "- 720p\n- 1080p"]] }, want: { exit: 1, changes: [change("breaking", "enum value removed", "input.quality")] } }],
  ["gateway (flattened): an enum value added", { given: { page: "003", edits: [["- 480p\n- 720p\n- 1080p", "- 480p\n- 720p\n- 1080p\n- 2160p"]] }, want: { exit: 0, changes: [change("non-breaking", "enum value added", "input.quality")] } }],
  ["gateway (flattened): a maximum lowered", { given: { page: "003", edits: [["minimum: 2\nmaximum: 12", "minimum: 2\nmaximum: 10"]] }, want: { exit: 1, changes: [change("breaking", "maximum lowered", "input.duration")] } }],
  ["gateway (flattened): a new optional field", { given: { page: "003", edits: [["callback_url:\ntype: string", "seed:\ntype: integer\nminimum: 0\ncallback_url:\ntype: string"]] }, want: { exit: 0, changes: [change("non-breaking", "new optional property", "input.seed")] } }],
  ["gateway (flattened): a new required field", { given: { page: "003", edits: [["callback_url:\ntype: string", "seed:\ntype: integer\ncallback_url:\ntype: string"], ["- model\n- prompt\n", "- model\n- prompt\n- seed\n"]] }, want: { exit: 1, changes: [change("breaking", "new required property", "input.seed")] } }],
  ["gateway (flattened): the schema missing", { given: { page: "003", edits: [["schema:\n$ref: '#/components/schemas/VideoGenerationRequest'\n", ""]] }, want: { exit: 2, error: /no schema found/ } }],
];

/** Applies the edits, failing when one finds nothing to edit (so a case cannot pass vacuously). */
function editedPage(page: string, edits: Edit[]): string {
  let text = seedPages.get(page)!.text;
  for (const [from, to] of edits) {
    const target = from === "SCHEMA" ? schemaBlock(text) : from;
    if (!text.includes(target)) throw new Error(`edit not applicable to ${page}: ${JSON.stringify(from)}`);
    text = text.replace(target, to);
  }
  return text;
}

/** The input schema block of an unindented MindVideo page: from its `{"type": "object"` to the output example. */
function schemaBlock(text: string): string {
  const start = text.indexOf('{\n"type": "object",');
  const end = text.indexOf('}{\n"request_id"', start);
  return text.slice(start, end + 1);
}

describe("importing edited copies of the seed pages", () => {
  let dir: string;
  const spec = () => ({ models: readTree(join(dir, "models")), vendor: readTree(join(dir, "vendor")) });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mindvideo-import-edit-"));
    cpSync(join(repoRoot, "spec", "models"), join(dir, "models"), { recursive: true });
    cpSync(join(repoRoot, "spec", "vendor"), join(dir, "vendor"), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const exit = runImportCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), modelsRoot: join(dir, "models"), vendorRoot: join(dir, "vendor") });
    return { exit, stdout: out.join("\n"), stderr: err.join("\n") };
  };

  it.each(cases)("%s", (_name, { given, want }) => {
    const page = join(dir, `edited-${given.page}.txt`);
    writeFileSync(page, editedPage(given.page, given.edits));
    const before = spec();
    const result = run([page, "--json", ...(want.error ? [] : ["--check"]), ...(given.args ?? [])]);
    expect(result.exit, result.stderr).toBe(want.exit);
    if (want.error) {
      expect(result.stderr).toMatch(want.error);
      expect(result.stderr).toContain("Nothing was written");
    } else {
      const changes = JSON.parse(result.stdout).changes.map((c: { class: string; rule: string; path: string }) => ({ class: c.class, rule: c.rule, path: c.path }));
      expect(changes).toEqual(want.changes);
    }
    expect(spec(), "--check and failed imports change no file").toEqual(before);
  });

  it("writing an edited page updates the model file and the vendor record, keeping the hand-encoded rules", () => {
    const page = join(dir, "edited-001.txt");
    writeFileSync(page, editedPage("001", [['"480p",\n"720p"\n]', '"480p",\n"720p",\n"1080p"\n]'], ['"maximum": 15,\n"minimum": 4', '"maximum": 12,\n"minimum": 4']]));
    const modelFile = join(dir, "models", "mindvideo", "doubao-seedance-2-0-fast.json");
    // A maintainer's note and corrected title, besides the committed x-rules.
    const committed = JSON.parse(readFileSync(modelFile, "utf8"));
    committed.$comment = "Assumption: the seed range is the 32-bit signed one";
    committed.properties.seed.title = "Random seed";
    committed.properties.duration.$comment = "seconds";
    writeFileSync(modelFile, JSON.stringify(committed, null, 2));
    const first = run([page]);
    expect(first.exit).toBe(1);
    expect(first.stdout).toMatch(/wrote \S*models\/mindvideo\/doubao-seedance-2-0-fast\.json, \S*vendor\/mindvideo\/doubao-seedance-2-0-fast\.json/);
    const updated = JSON.parse(readFileSync(modelFile, "utf8"));
    expect(updated.properties.resolution.enum).toEqual(["480p", "720p", "1080p"]);
    expect(updated.properties.duration.maximum).toBe(12);
    expect(updated.allOf).toEqual(committed.allOf);
    expect(updated.properties.image_with_roles.allOf).toEqual(committed.properties.image_with_roles.allOf);
    expect(updated.description).toBe(committed.description);
    expect(updated["x-tags"]).toEqual(committed["x-tags"]);
    expect(updated.$comment).toBe(committed.$comment);
    expect(updated.properties.seed.title).toBe("Random seed");
    expect(updated.properties.duration).toEqual({ ...committed.properties.duration, maximum: 12 });
    const { properties: _p, ...rest } = updated;
    const { properties: _c, ...committedRest } = committed;
    expect(rest).toEqual(committedRest);
    const record = JSON.parse(readFileSync(join(dir, "vendor", "mindvideo", "doubao-seedance-2-0-fast.json"), "utf8"));
    expect(record.properties.duration.maximum).toBe(12);
    const again = run([page, "--json"]);
    expect(again.exit).toBe(0);
    expect(JSON.parse(again.stdout).changes).toEqual([]);
  });

  it("a description the vendor rewords: the model file keeps its wording, the report names the field, the record takes the new digest only", () => {
    const page = join(dir, "edited-001.txt");
    writeFileSync(page, editedPage("001", [['"description": "Video content description."', '"description": "What the video shows, reworded by the vendor."']]));
    const modelFile = join(dir, "models", "mindvideo", "doubao-seedance-2-0-fast.json");
    const committed = readFileSync(modelFile, "utf8");
    const first = run([page, "--json"]);
    expect(first.exit, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).changes.map((c: { detail: string }) => c.detail)).toEqual([
      "vendor changed the description of input.prompt; the model file keeps its own text: update it by hand from the page",
    ]);
    expect(readFileSync(modelFile, "utf8")).toBe(committed);
    const record = readFileSync(join(dir, "vendor", "mindvideo", "doubao-seedance-2-0-fast.json"), "utf8");
    expect(record).not.toContain("reworded by the vendor");
    expect(JSON.parse(record).properties.prompt.description).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Reported once: the record now knows the vendor's new text.
    expect(JSON.parse(run([page, "--json"]).stdout).changes).toEqual([]);
  });

  it("the 4.0 size enum a maintainer wrote from prose survives the vendor adding a new ratio to the prose", () => {
    const page = join(dir, "edited-002.txt");
    writeFileSync(page, editedPage("002", [["9:21, auto.", "9:21, 4:1, auto."]]));
    const result = run([page, "--json"]);
    expect(result.exit).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.changes.map((c: { rule: string; path: string }) => `${c.path} ${c.rule}`)).toEqual(["input.size documentation changed"]);
    expect(json.proseRules.find((r: { field: string }) => r.field === "size").sentence).toContain("4:1");
    const updated = JSON.parse(readFileSync(join(dir, "models", "mindvideo", "apimart-doubao-seedance-4-0.json"), "utf8"));
    expect(updated.properties.size.enum).not.toContain("4:1");
    expect(updated.properties.size.enum).toContain("auto");
  });
});
