/**
 * Re-importing keeps what maintainers added. With the last import's vendor facts (`base`, kept in
 * spec/vendor/), it is a three-way merge: where the vendor did not change a fact, the model file
 * keeps its own version (corrected titles, reworded descriptions, `allOf` rules with `x-rule`,
 * notes, values the page gives only in prose); where the vendor changed it, the new fact wins.
 * Without a base (a file written by hand), keys the page does not publish are kept, titles and
 * descriptions stay the maintainer's, and every published fact is taken from the page.
 */
import { isObject, type JsonSchema } from "../json-schema.js";
import { setOwn } from "./own-property.js";

/** Arrays merged as sets, so a value the maintainer added survives a vendor's edit of the list. */
const SET_KEYWORDS = new Set(["enum", "required"]);
/** Keys a maintainer owns when there is no record of the last import. */
const MAINTAINED = new Set(["title", "description", "x-tags", "$comment"]);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function mergeModel(existing: JsonSchema, base: JsonSchema | undefined, fresh: JsonSchema): JsonSchema {
  return (base ? threeWay(existing, base, fresh, undefined) : twoWay(existing, fresh, undefined)) as JsonSchema;
}

function threeWay(existing: unknown, base: unknown, fresh: unknown, key: string | undefined): unknown {
  if (same(base, fresh)) return existing;
  if (same(existing, base)) return fresh;
  if (isObject(existing) && isObject(fresh)) {
    const before = isObject(base) ? base : {};
    return mergeObjects(existing, fresh, (k) => threeWay(existing[k], before[k], fresh[k], k));
  }
  if (key !== undefined && SET_KEYWORDS.has(key) && Array.isArray(existing) && Array.isArray(fresh)) {
    const before = Array.isArray(base) ? base : [];
    const removed = before.filter((v) => !fresh.some((f) => same(f, v)));
    const kept = existing.filter((v) => !removed.some((r) => same(r, v)));
    return [...kept, ...fresh.filter((v) => !kept.some((k) => same(k, v)))];
  }
  return fresh;
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
