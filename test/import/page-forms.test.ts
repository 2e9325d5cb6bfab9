import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runImportCli } from "../../scripts/lib/import/cli.js";
import { PageImportError } from "../../scripts/lib/import/errors.js";
import { parseFlatOpenApi } from "../../scripts/lib/import/flat-yaml.js";
import { htmlToText } from "../../scripts/lib/import/html-text.js";
import { jsonBlocks } from "../../scripts/lib/import/json-blocks.js";
import { readVendorPage } from "../../scripts/lib/import/read-page.js";
import { readTree } from "../../scripts/lib/write-tree.js";
import { seedPageFiles } from "../helpers/seed-page-files.js";

const pages = seedPageFiles();
const page = (prefix: string) => pages.find((p) => p.file.startsWith(prefix))!;
const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A MindVideo page as a browser would save it: markup, entities, a script holding decoy JSON. */
function asHtml(text: string): string {
  const body = text
    .split("\n\n")
    .map((block) => (block.trim().startsWith("{") ? `<pre><code class="language-json">${escapeHtml(block)}</code></pre>` : `<p>${escapeHtml(block).replace(/\n/g, "<br>")}</p>`))
    .join("\n");
  return `<!doctype html><html><head><title>Model</title><style>.x{color:red}</style><script>window.__DATA__ = {"type": "object", "properties": {"decoy": {}}, "model": "decoy", "input": {}};</script></head><body><!-- {"output": {"images": []}} -->\n${body}\n</body></html>`;
}

describe("every published form of a page gives the same model", () => {
  it.each(pages.filter((p) => p.provider === "mindvideo").map((p) => [p.file, p] as const))("%s: saved as HTML", (file, seed) => {
    expect(readVendorPage(asHtml(seed.text), file)).toEqual(readVendorPage(seed.text, file));
  });

  it("htmlToText decodes each character reference once", () => {
    expect(htmlToText("<p>a &amp;quot; b &#x41;&#66; &lt;tag&gt;</p><p>c&nbsp;d &bogus; &#0;</p>")).toBe("a &quot; b AB <tag>\nc d &bogus; &#0;\n");
  });

  const flat = page("003");
  const document = parseFlatOpenApi(flat.text) as Record<string, any>;
  it.each([
    ["indented YAML", stringify(document)],
    ["JSON", JSON.stringify(document, null, 2)],
    ["one-line JSON", JSON.stringify(document)],
    ["YAML in a page's fenced block", `Seedance page\n\n\`\`\`\`yaml\n${stringify(document)}\`\`\`\`\nFooter text`],
  ])("003: the gateway document as %s", (_form, text) => {
    expect(readVendorPage(text, "003")).toEqual(readVendorPage(flat.text, "003"));
  });

  it("003: the flattened document's structure is recovered (statuses, error example, component names)", () => {
    const operation = document.paths["/v1/videos/generations"].post;
    expect(Object.keys(operation.responses)).toEqual(["200", "400", "401", "402", "403", "404", "413", "429", "500", "502", "503"]);
    expect(operation.responses["400"].content["application/json"].example).toEqual({
      error: { code: 400, message: "Invalid prompt parameter", type: "invalid_request_error", param: "prompt", fallback_suggestion: "provide a valid prompt" },
    });
    expect(Object.keys(document.components.schemas)).toEqual(["VideoGenerationRequest", "VideoGenerationResponse", "ErrorResponse", "VideoTaskInfo", "VideoUsage"]);
    expect(Object.keys(document.components.schemas.VideoGenerationResponse.properties)).toEqual(["created", "id", "model", "object", "progress", "status", "task_info", "type", "usage"]);
    expect(document.components.schemas.VideoGenerationRequest.properties.image_urls).toMatchObject({ type: "array", items: { type: "string", format: "uri" }, maxItems: 1, example: ["https://example.com/image.jpg"] });
    expect(document.servers).toEqual([{ url: "https://ai.odkkk.com/apiv1", description: "Production environment" }]);
  });

  it("--provider names the form: a MindVideo page read as gateway has no OpenAPI document", () => {
    expect(() => readVendorPage(page("001").text, "001", "gateway")).toThrow(/no OpenAPI document found/);
  });
});

describe("a page the importer cannot read writes nothing", () => {
  let dir: string;
  const modelsRoot = () => join(dir, "models");
  const vendorRoot = () => join(dir, "vendor");
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mindvideo-import-bad-"));
    mkdirSync(join(dir, "models", "mindvideo"), { recursive: true });
    mkdirSync(join(dir, "pages"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const flatText = page("003").text;
  const cases: [string, { given: string | Buffer | undefined; want: RegExp }][] = [
    ["a missing file", { given: undefined, want: /cannot be read \(ENOENT\)/ }],
    ["an empty file", { given: "  \n", want: /the file is empty/ }],
    ["binary bytes", { given: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), want: /no schema found.*no slug.*no output example/ }],
    ["a file larger than a page", { given: Buffer.alloc(4 * 1024 * 1024 + 1, 0x7b), want: /larger than any model page/ }],
    ["a schema cut off mid-way", { given: page("001").text.slice(0, page("001").text.indexOf('"tools"')), want: /no schema found/ }],
    ["an invalid JSON Schema on the page", { given: page("001").text.replace('"type": "integer",\n"title": "Seed"', '"type": "integr",\n"title": "Seed"'), want: /not a valid model file/ }],
    ["an unsupported format", { given: flatText.replace("format: uri\nexample: https://your-domain", "format: hostname\nexample: https://your-domain"), want: /format "hostname" is not supported/ }],
    ["a gateway document nested beyond reason", { given: `openapi: 3.1.0 ${"a: ".repeat(5000)}1`, want: /no OpenAPI document found/ }],
    ["a page of unmatched braces", { given: "{".repeat(300_000), want: /no schema found/ }],
    ["a __proto__ key", { given: flatText.replace("callback_url:\ntype: string", "__proto__:\ntype: string\ncallback_url:\ntype: string"), want: /./ }],
  ];

  it.each(cases)("%s", (name, { given, want }) => {
    const file = join(dir, "pages", name.replace(/\W+/g, "-"));
    if (given !== undefined) writeFileSync(file, given);
    const err: string[] = [];
    const out: string[] = [];
    const exit = runImportCli([file], { out: (t) => out.push(t), err: (t) => err.push(t), modelsRoot: modelsRoot(), vendorRoot: vendorRoot() });
    if (name === "a __proto__ key") {
      // Read as data: the property is imported like any other, and no prototype changes.
      expect(exit, err.join("\n")).toBe(0);
      expect(({} as Record<string, unknown>).type).toBeUndefined();
      rmSync(join(dir, "models"), { recursive: true, force: true });
      rmSync(join(dir, "vendor"), { recursive: true, force: true });
      mkdirSync(join(dir, "models", "mindvideo"), { recursive: true });
      return;
    }
    expect(exit).toBe(2);
    expect(err.join("\n")).toMatch(want);
    expect(err.join("\n")).toContain("Nothing was written");
    expect(readTree(modelsRoot()).size).toBe(0);
    expect(readTree(vendorRoot()).size).toBe(0);
  });

  it("an endless device is read only up to the page limit", () => {
    const err: string[] = [];
    const exit = runImportCli(["/dev/zero"], { out: () => undefined, err: (t) => err.push(t), modelsRoot: modelsRoot(), vendorRoot: vendorRoot() });
    expect(exit).toBe(2);
    expect(err.join("\n")).toMatch(/zero: cannot import: the file is more than \d+ bytes/);
    expect(readTree(modelsRoot()).size).toBe(0);
  });

  it("a committed model file that is not JSON stops the import and stays as it was", () => {
    const broken = join(modelsRoot(), "mindvideo", "doubao-seedance-2-0-fast.json");
    writeFileSync(broken, "{ not json");
    const err: string[] = [];
    const exit = runImportCli([page("001").path], { out: () => undefined, err: (t) => err.push(t), modelsRoot: modelsRoot(), vendorRoot: vendorRoot() });
    expect(exit).toBe(2);
    expect(err.join("\n")).toMatch(/doubao-seedance-2-0-fast\.json is not valid JSON/);
    expect(readTree(modelsRoot())).toEqual(new Map([["mindvideo/doubao-seedance-2-0-fast.json", "{ not json"]]));
    expect(readTree(vendorRoot()).size).toBe(0);
    rmSync(broken);
  });

  it("names the page in the error and never an absolute path", () => {
    expect.assertions(3);
    try {
      readVendorPage("no page here", "saved-page.html");
    } catch (error) {
      expect(error).toBeInstanceOf(PageImportError);
      expect((error as Error).message).toMatch(/^saved-page\.html: cannot import: /);
      expect((error as Error).message).not.toContain(dir);
    }
  });

  it("jsonBlocks ignores braces inside JSON strings", () => {
    expect(jsonBlocks('text {"a": "}{", "b": {"c": 1}} more {not json} {"d": 2}')).toEqual(['{"a": "}{", "b": {"c": 1}}', '{"d": 2}']);
  });
});
