/**
 * The record of the last import (spec/vendor/<provider>/<slug>.json) keeps the page's structured
 * facts as published, but never the vendor's wording: every text the vendor writes (titles,
 * descriptions, the page's prose) is stored as a digest of its normalized text. That is enough for
 * the next import to tell whether the vendor changed a text, without copying it into the project.
 */
import { createHash } from "node:crypto";
import { isObject } from "../json-schema.js";
import { setOwn } from "./own-property.js";

/** Schema keywords whose string value is the vendor's prose. */
export const TEXT_KEYWORDS: ReadonlySet<string> = new Set(["title", "description", "$comment"]);
/** Keywords holding data, not schemas: their values are facts and are never rewritten. */
const DATA_KEYWORDS = new Set(["examples", "example", "default", "enum", "const"]);
/** Keywords whose keys are names chosen by the vendor (a property called `description`), not keywords. */
export const NAME_MAPS: ReadonlySet<string> = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Whitespace runs count as one space, and Unicode forms are unified: reflowing a page is no edit. */
export function normalizeText(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim();
}

export function textDigest(text: string): string {
  return `sha256:${createHash("sha256").update(normalizeText(text), "utf8").digest("hex")}`;
}

/** A recorded text: a digest, or (a record written before digests) the text itself. */
export function recordedDigest(recorded: string): string {
  return DIGEST.test(recorded) ? recorded : textDigest(recorded);
}

/**
 * The record of `value` found under `key` (undefined at the root); `key` is a name, not a keyword,
 * when its parent is a map of names (`properties`, `$defs`, ...).
 */
export function vendorRecord(value: unknown, key?: string, keyIsName = false): unknown {
  if (!keyIsName && key !== undefined) {
    if (DATA_KEYWORDS.has(key)) return value;
    if (TEXT_KEYWORDS.has(key) && typeof value === "string") return textDigest(value);
  }
  if (Array.isArray(value)) return value.map((item) => vendorRecord(item));
  if (!isObject(value)) return value;
  const names = !keyIsName && key !== undefined && NAME_MAPS.has(key);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, k, vendorRecord(v, k, names));
  return out;
}
