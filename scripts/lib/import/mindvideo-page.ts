/**
 * A MindVideo model page (saved as text, or as HTML turned into text): the submit example names
 * the slug and gives the request, one JSON block is the input schema, another the output example.
 */
import { isObject, type JsonSchema } from "../json-schema.js";
import { PageImportError } from "./errors.js";
import { jsonBlocks } from "./json-blocks.js";
import { outputKindOf } from "./output-kind.js";
import type { VendorPage } from "./vendor-page.js";

/** `Models / Video generation / <slug>`: the breadcrumb some pages keep. */
const BREADCRUMB = /^\s*Models\s*\/[^\n/]*\/\s*([a-z0-9][a-z0-9.-]*)\s*$/m;
/** The lead sentence: a capitalised name, then what it is ("X is a…", "X targets…"). */
const LEAD_SENTENCE = /^((?:[A-Z0-9][\w.]*[ \t]+)+?)(?:is|targets|offers|provides)\s[^\n]*$/m;

export function readMindVideoPage(text: string, page: string): VendorPage {
  const blocks = jsonBlocks(text).map((block) => JSON.parse(block) as unknown).filter(isObject);
  const request = blocks.find((block) => typeof block.model === "string" && isObject(block.input));
  const inputSchema = blocks.find((block) => block.type === "object" && isObject(block.properties) && !("request_id" in block));
  const outputExample = blocks.find((block) => isObject(block.output) && outputKindOf(block.output) !== undefined);
  const slug = (request?.model as string | undefined) ?? BREADCRUMB.exec(text)?.[1];

  const missing: string[] = [];
  if (!inputSchema) missing.push('no schema found (no JSON block with "type": "object" and "properties")');
  if (!slug) missing.push('no slug (no request example with "model", no "Models / … / <slug>" line)');
  if (!outputExample) missing.push('no output example (no JSON block with "output": { "videos" | "images": [...] })');
  if (!inputSchema || !slug || !outputExample) throw new PageImportError(page, missing);

  const { title, description } = lead(text, slug);
  return {
    provider: "mindvideo",
    slug,
    ...(title !== undefined && { title }),
    ...(description !== undefined && { description }),
    inputSchema,
    examples: request && request.model === slug ? [request.input as JsonSchema] : [],
    output: outputKindOf(outputExample.output)!,
  };
}

/** The display name: the short line under the breadcrumb, else the subject of the lead sentence. */
function lead(text: string, slug: string): { title?: string; description?: string } {
  const sentence = LEAD_SENTENCE.exec(text);
  const description = sentence?.[0].trim();
  const crumb = BREADCRUMB.exec(text);
  if (crumb) {
    const next = text.slice(crumb.index + crumb[0].length).split("\n").map((line) => line.trim()).find((line) => line !== "");
    if (next && next.length <= 80 && !/[.:!?]$/.test(next) && next !== slug) return { title: next, ...(description !== undefined && { description }) };
  }
  const subject = sentence?.[1]?.trim();
  return { ...(subject && { title: subject }), ...(description !== undefined && { description }) };
}
