/**
 * The vendor pages themselves, read from ../shared/seeds beside the repository (CI always has it
 * there). The repo keeps no copy: the pages' wording must not be copied into the project. Without
 * the folder the tests that need the pages fail with a message saying where they were looked for.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { seedsDir } from "./seed-extract.js";

/** Where the pages are looked for, as a maintainer would type it from the repo root. */
export const SEEDS_LOCATION = "../shared/seeds";

export interface SeedPageFile {
  file: string;
  path: string;
  text: string;
  provider: "mindvideo" | "gateway";
  slug: string;
}

/** Which model each seed documents, as the seeds' README says. */
const MODELS: Record<string, { provider: "mindvideo" | "gateway"; slug: string }> = {
  "000": { provider: "mindvideo", slug: "doubao-seedance-1-0-pro-quality" },
  "001": { provider: "mindvideo", slug: "doubao-seedance-2-0-fast" },
  "002": { provider: "mindvideo", slug: "apimart-doubao-seedance-4-0" },
  "003": { provider: "gateway", slug: "doubao-seedance-1.0-pro-fast" },
};

/** The four pages; throws (never an empty list) when the folder or one of the pages is missing. */
export function seedPageFiles(dir = seedsDir): SeedPageFile[] {
  if (!existsSync(dir)) throw new Error(`the seed pages are missing: expected them in ${SEEDS_LOCATION}, beside the repository`);
  const pages = readdirSync(dir)
    .filter((name) => /^00\d_.*\.txt$/.test(name) && name.slice(0, 3) in MODELS)
    .sort()
    .map((file) => ({ file, path: join(dir, file), text: readFileSync(join(dir, file), "utf8"), ...MODELS[file.slice(0, 3)]! }));
  const found = new Set(pages.map((p) => p.file.slice(0, 3)));
  const missing = Object.keys(MODELS).filter((prefix) => !found.has(prefix));
  if (missing.length > 0) throw new Error(`the seed pages are incomplete: ${SEEDS_LOCATION} has no ${missing.map((m) => `${m}_*.txt`).join(", ")}`);
  return pages;
}

/** The facts seed 003 publishes for its request schema (read off the page; `model` is the selector). */
export const gatewaySeedFacts = {
  type: "object",
  required: ["prompt"],
  properties: {
    prompt: { type: "string", maxLength: 2000, examples: ["A cat playing piano"] },
    duration: { type: "integer", minimum: 2, maximum: 12 },
    quality: { type: "string", enum: ["480p", "720p", "1080p"], examples: ["1080p"] },
    aspect_ratio: { type: "string", examples: ["16:9"] },
    image_urls: { type: "array", items: { type: "string", format: "uri" }, maxItems: 1, examples: [["https://example.com/image.jpg"]] },
    callback_url: { type: "string", format: "uri", examples: ["https://your-domain.com/webhooks/video-task-completed"] },
  },
};

/** Seed 003's one request example, without the model selector. */
export const gatewaySeedExample = { prompt: "A cat playing piano" };

/** Every keyword of `seed` restated with the same value in `ours` (which may add keywords). */
export function missingFacts(seed: unknown, ours: unknown, path = "#"): string[] {
  if (Array.isArray(seed) || typeof seed !== "object" || seed === null) {
    return JSON.stringify(seed) === JSON.stringify(ours) ? [] : [`${path}: seed ${JSON.stringify(seed)}, ours ${JSON.stringify(ours)}`];
  }
  if (typeof ours !== "object" || ours === null) return [`${path}: missing`];
  return Object.entries(seed).flatMap(([key, value]) => missingFacts(value, (ours as Record<string, unknown>)[key], `${path}/${key}`));
}
