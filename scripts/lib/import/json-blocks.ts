/** Every top-level `{...}` block of a text that parses as JSON, in page order. */
export function jsonBlocks(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf("{"); start !== -1; ) {
    const end = matchingBrace(text, start);
    if (end === -1) break;
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
  for (let i = start; i < text.length; i++) {
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
