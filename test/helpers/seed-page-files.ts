/** The seed pages as saved in the repo (test/fixtures/seed-pages), copied from shared/seeds. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./openapi.js";

export const seedPagesDir = join(repoRoot, "test", "fixtures", "seed-pages");

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

export function seedPageFiles(): SeedPageFile[] {
  return readdirSync(seedPagesDir)
    .filter((name) => /^00\d_.*\.txt$/.test(name))
    .sort()
    .map((file) => ({ file, path: join(seedPagesDir, file), text: readFileSync(join(seedPagesDir, file), "utf8"), ...MODELS[file.slice(0, 3)]! }));
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
