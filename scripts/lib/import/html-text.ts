/**
 * A saved HTML page as the text a reader sees: scripts and styles dropped, block ends as line
 * breaks, tags removed, character references decoded once (so `&amp;quot;` stays `&quot;`).
 */
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", hellip: "…", ndash: "–", mdash: "—" };
const BLOCK_END = /<\/(?:p|div|pre|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|blockquote)\s*>|<br\s*\/?>/gi;

export function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype html|<html[\s>])/i.test(text) || /<(?:body|div|pre|code|p)[\s>]/i.test(text.slice(0, 4096));
}

export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, "")
      .replace(BLOCK_END, "\n")
      .replace(/<[^>]*>/g, ""),
  );
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
