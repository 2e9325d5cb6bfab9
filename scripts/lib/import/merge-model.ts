/**
 * Re-importing keeps what maintainers added. With the last import's vendor facts (`base`, kept in
 * spec/vendor/), it is a three-way merge: where the vendor did not change a fact, the model file
 * keeps its own version (corrected titles, reworded descriptions, `allOf` rules with `x-rule`,
 * notes, values the page gives only in prose); where the vendor changed it, the new fact wins.
 * Texts are the exception: the record holds only their digests, and the model file's wording is
 * the maintainer's, so a text the vendor changed is kept and reported for a hand update.
 * Without a base (a file written by hand), keys the page does not publish are kept, titles and
 * descriptions stay the maintainer's, and every published fact is taken from the page.
 */
import { isObject, type JsonSchema } from "../json-schema.js";
import { setOwn } from "./own-property.js";
import { NAME_MAPS, recordedDigest, TEXT_KEYWORDS, textDigest, vendorRecord } from "./vendor-record.js";

/** A text the vendor changed, added or removed while the model file keeps its own wording. */
export interface TextChange {
  /** Where, as the diff names it: `input` for the model itself, `input.prompt` for a property. */
  path: string;
  keyword: string;
  change: "changed" | "added" | "removed";
}

/** Arrays merged as sets, so a value the maintainer added survives a vendor's edit of the list. */
const SET_KEYWORDS = new Set(["enum", "required"]);
/** Keys a maintainer owns when there is no record of the last import. */
const MAINTAINED = new Set(["title", "description", "x-tags", "$comment"]);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface MergeResult {
  schema: JsonSchema;
  texts: TextChange[];
}

export function mergeModel(existing: JsonSchema, base: JsonSchema | undefined, fresh: JsonSchema): MergeResult {
  const texts: TextChange[] = [];
  const schema = (base ? threeWay(existing, base, fresh, { key: undefined, isName: false, path: "input", texts }) : twoWay(existing, fresh, undefined)) as JsonSchema;
  return { schema, texts };
}

interface At {
  key: string | undefined;
  /** The key is a name in a map of names (a property called `title`), not a keyword. */
  isName: boolean;
  path: string;
  texts: TextChange[];
}

function threeWay(existing: unknown, base: unknown, fresh: unknown, at: At): unknown {
  const { key } = at;
  if (key !== undefined && !at.isName && TEXT_KEYWORDS.has(key) && (typeof base === "string" || typeof fresh === "string")) return mergeText(existing, base, fresh, at);
  if (same(base, vendorRecord(fresh, key, at.isName))) return existing;
  if (same(existing, base)) return fresh;
  if (isObject(existing) && isObject(fresh)) {
    const before = isObject(base) ? base : {};
    const names = !at.isName && key !== undefined && NAME_MAPS.has(key);
    const path = (k: string) => (key === "properties" && !at.isName ? `${at.path}.${k}` : key === "items" && !at.isName ? `${at.path}[]` : at.path);
    return mergeObjects(existing, fresh, (k) => threeWay(existing[k], before[k], fresh[k], { key: k, isName: names, path: path(k), texts: at.texts }));
  }
  if (key !== undefined && SET_KEYWORDS.has(key) && Array.isArray(existing) && Array.isArray(fresh)) {
    const before = Array.isArray(base) ? base : [];
    const removed = before.filter((v) => !fresh.some((f) => same(f, v)));
    const kept = existing.filter((v) => !removed.some((r) => same(r, v)));
    return [...kept, ...fresh.filter((v) => !kept.some((k) => same(k, v)))];
  }
  return fresh;
}

/**
 * The record keeps a digest of the vendor's last text. Unchanged: the model file's wording stays.
 * Changed, added or removed: the model file's wording still stays (it is the maintainer's, and the
 * vendor's must not be copied over it) and the change is reported; only a text the model file
 * lacks and the vendor newly publishes is taken, so a new field is not left undocumented.
 */
function mergeText(existing: unknown, base: unknown, fresh: unknown, at: At): unknown {
  const before = typeof base === "string" ? recordedDigest(base) : undefined;
  const after = typeof fresh === "string" ? textDigest(fresh) : undefined;
  if (before === after) return existing;
  if (existing === undefined && before === undefined) return fresh;
  if (typeof existing === "string" && after !== undefined && textDigest(existing) === after) return existing;
  at.texts.push({ path: at.path, keyword: at.key!, change: before === undefined ? "added" : after === undefined ? "removed" : "changed" });
  return existing;
}

function twoWay(existing: unknown, fresh: unknown, key: string | undefined): unknown {
  if (fresh === undefined) return existing;
  if (existing === undefined) return fresh;
  if (key !== undefined && MAINTAINED.has(key)) return existing;
  if (isObject(existing) && isObject(fresh)) {
    // The page's property list is the truth: a property it no longer publishes is gone.
    const keys = key === "properties" ? (k: string) => k in fresh : () => true;
    return mergeObjects(existing, fresh, (k) => (keys(k) ? twoWay(existing[k], fresh[k], key === "properties" ? undefined : k) : undefined));
  }
  return fresh;
}

/** The existing key order, then new keys in the page's order; undefined results drop the key. */
function mergeObjects(existing: JsonSchema, fresh: JsonSchema, value: (key: string) => unknown): JsonSchema {
  const out: JsonSchema = {};
  for (const k of [...Object.keys(existing), ...Object.keys(fresh).filter((k) => !(k in existing))]) {
    const v = value(k);
    if (v !== undefined) setOwn(out, k, v);
  }
  return out;
}
