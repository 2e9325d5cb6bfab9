/** A JSON block on a model page is a few KB; these bound the work a hostile page can cause. */
export const MAX_BLOCK_CHARS = 64 * 1024;
export const MAX_BLOCK_ATTEMPTS = 1000;

/** Every top-level `{...}` block of a text that parses as JSON, in page order. */
export function jsonBlocks(text: string): string[] {
  const found: string[] = [];
  let attempts = 0;
  for (let start = text.indexOf("{"); start !== -1 && attempts++ < MAX_BLOCK_ATTEMPTS; ) {
    const end = matchingBrace(text, start);
    if (end === -1) {
      start = text.indexOf("{", start + 1);
      continue;
    }
    const candidate = text.slice(start, end + 1);
    try {
      JSON.parse(candidate);
      found.push(candidate);
      start = text.indexOf("{", end + 1);
    } catch {
      start = text.indexOf("{", start + 1);
    }
  }
  return found;
}

/** The index of the `}` closing the `{` at `start`, skipping braces inside JSON strings; -1 when none. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  const limit = Math.min(text.length, start + MAX_BLOCK_CHARS);
  for (let i = start; i < limit; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return i;
  }
  return -1;
}
