/**
 * Pulls the example payloads and input schemas out of the vendor pages in ../shared/seeds (beside
 * the repo). The repo keeps no extract of them: the schemas' descriptions are the vendor's words.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonBlocks } from "../../scripts/lib/import/json-blocks.js";
import { repoRoot } from "../../scripts/lib/paths.js";

export const seedsDir = join(repoRoot, "..", "shared", "seeds");

export interface SeedPage {
  file: string;
  requests: unknown[];
  outputs: unknown[];
  /** The model's input JSON Schema as the page publishes it. */
  inputSchema: unknown;
  /** The page's curl examples, as published (line continuations kept). */
  curls: string[];
}

export function readSeedPages(): SeedPage[] | undefined {
  if (!existsSync(seedsDir)) return undefined;
  return readdirSync(seedsDir)
    .filter((name) => /^00[0-2]_.*\.txt$/.test(name))
    .sort()
    .map((file) => {
      const text = readFileSync(join(seedsDir, file), "utf8");
      const requests = [...text.matchAll(/-d '(\{[\s\S]*?\})'/g)].map((m) => JSON.parse(m[1]!));
      const objects = jsonBlocks(text);
      const outputs = unique(objects.filter((o) => o.includes('"request_id"')).map((o) => JSON.parse(o)));
      const inputSchema = objects.map((o) => JSON.parse(o)).find((o) => o.type === "object" && o.properties?.prompt);
      // A submit ends with its JSON body (`}'`), a fetch with its Authorization header.
      const curls = [...text.matchAll(/curl -X POST https:\/\/api\.mindvideo\.ai[\s\S]*?\}'|curl https:\/\/api\.mindvideo\.ai[\s\S]*?Bearer mv_live_xxx"/g)].map((m) => m[0]);
      return { file, requests, outputs, inputSchema, curls };
    });
}

/** The three MindVideo pages' extracts; throws when the seed folder is not beside the repo. */
export function requireSeedPages(): SeedPage[] {
  const pages = readSeedPages();
  if (pages === undefined) throw new Error("the seed pages are missing: expected them in ../shared/seeds, beside the repository");
  return pages;
}

function unique(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => !seen.has(JSON.stringify(v)) && seen.add(JSON.stringify(v)));
}
