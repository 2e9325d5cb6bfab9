/**
 * The vendor's prose in the seed pages (../shared/seeds): the sentences the project must not copy.
 * Facts are left out: example payloads, curl commands, and every schema value but titles,
 * descriptions and summaries. A "run" is `RUN_WORDS` consecutive words of one piece of prose,
 * compared as lowercase letters, digits and underscores (an identifier such as `video_urls` is one
 * word), so reflowing, punctuation and JSON escapes hide nothing. Runs that are mostly numbers (a
 * list of ratios or address ranges) are facts, not prose, and are left out.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseFlatOpenApi } from "../../scripts/lib/import/flat-yaml.js";
import { jsonBlocks } from "../../scripts/lib/import/json-blocks.js";
import { repoRoot } from "./openapi.js";
import type { SeedPageFile } from "./seed-page-files.js";

export const RUN_WORDS = 12;
/** A run with fewer words of letters than this is a list of values (`1:1, 4:3, ...`), not prose. */
const MIN_LETTER_WORDS = 8;
const PROSE_KEYS = new Set(["title", "description", "summary"]);
const CURL = /curl [\s\S]*?(?:\}'|Bearer mv_live_xxx")/g;

export function words(text: string): string[] {
  return text.replace(/\\[nrt]/g, " ").toLowerCase().match(/[a-z0-9_]+/g) ?? [];
}

/** Each piece of the page's prose: a paragraph outside code, or a title, description or summary. */
export function prosePieces(page: SeedPageFile): string[] {
  if (page.provider === "gateway") {
    const header = page.text.slice(0, page.text.search(/^OpenAPI\s*$/m)).split("\n");
    return [...header, ...proseValues(parseFlatOpenApi(page.text))];
  }
  let outside = page.text.replace(CURL, "\n");
  const blocks = jsonBlocks(outside);
  for (const block of blocks) outside = outside.replace(block, "\n");
  return [...outside.split("\n"), ...blocks.flatMap((block) => proseValues(JSON.parse(block)))];
}

function proseValues(value: unknown, key?: string): string[] {
  if (key !== undefined && PROSE_KEYS.has(key) && typeof value === "string") return [value];
  if (key === "example" || key === "examples" || key === "value" || key === "default" || key === "enum") return [];
  if (Array.isArray(value)) return value.flatMap((item) => proseValues(item));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => proseValues(v, k));
}

/** Every run of the pages' prose, each with the page it comes from. */
export function proseRuns(pages: SeedPageFile[]): Map<string, string> {
  const runs = new Map<string, string>();
  for (const page of pages) {
    for (const piece of prosePieces(page)) {
      const w = words(piece);
      for (let i = 0; i + RUN_WORDS <= w.length; i++) {
        const run = w.slice(i, i + RUN_WORDS);
        if (run.filter((word) => /^[a-z_]{2,}$/.test(word)).length >= MIN_LETTER_WORDS) runs.set(run.join(" "), page.file);
      }
    }
  }
  return runs;
}

export interface Copy {
  file: string;
  run: string;
  seed: string;
}

/** The first run of the seeds' prose in each text. */
export function copiesIn(files: { file: string; text: string }[], runs: Map<string, string>): Copy[] {
  const copies: Copy[] = [];
  for (const { file, text } of files) {
    const w = words(text);
    for (let i = 0; i + RUN_WORDS <= w.length; i++) {
      const run = w.slice(i, i + RUN_WORDS).join(" ");
      const seed = runs.get(run);
      if (seed !== undefined) {
        copies.push({ file, run, seed });
        break;
      }
    }
  }
  return copies;
}

/** The repository's committed text files (repo-relative paths), those `keep` accepts. */
export function committedFiles(keep: (file: string) => boolean = () => true): { file: string; text: string }[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
    .split("\0")
    .filter((file) => file !== "" && !/\.(png|jpe?g|gif|ico|webp|woff2?|gz|tgz|zip|wasm|pdf)$/i.test(file) && keep(file))
    .filter((file) => existsSync(join(repoRoot, file)))
    .map((file) => ({ file, text: readFileSync(join(repoRoot, file), "utf8") }));
}
