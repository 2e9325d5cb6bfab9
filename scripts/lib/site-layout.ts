/**
 * What the generated pages (index, catalog, playground) share: navigation, fonts, favicon, the
 * copy-button styles. Fonts are system fonts only (never fetched), with CJK families listed so
 * Chinese prompts render wherever Noto CJK (Debian `fonts-noto-cjk`) or a platform CJK font exists.
 */

export const escapeHtml = (text: unknown) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export const FONT_STACK = `system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif`;
export const MONO_STACK = `ui-monospace, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace`;

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b4fd8"/><path d="M12 9v14l11-7z" fill="#fff"/></svg>\n`;
export const FAVICON_LINK = `<link rel="icon" href="favicon.svg" type="image/svg+xml">`;

export const NAV_PAGES = [
  { file: "index.html", label: "Home" },
  { file: "playground.html", label: "Playground" },
  { file: "models.html", label: "Model catalog" },
  { file: "mindvideo.html", label: "MindVideo task API" },
  { file: "gateway.html", label: "Video generations gateway" },
] as const;

const BASE_CSS = `
  :root { color-scheme: light; }
  body { font-family: ${FONT_STACK}; margin: 0 auto; max-width: 1100px; padding: 1.5rem; color: #1d2433; line-height: 1.5; }
  code, pre, textarea.code { font-family: ${MONO_STACK}; font-size: 0.9em; }
  nav.site { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; padding-bottom: 0.75rem; border-bottom: 1px solid #dfe3ea; }
  nav.site a { color: #0b4fd8; }
  nav.site a[aria-current="page"] { color: #1d2433; font-weight: 600; text-decoration: none; }
  a { color: #0b4fd8; }
  pre { background: #f6f8fa; padding: 0.75rem; overflow-x: auto; border-radius: 6px; margin: 0; }
  .copyable { position: relative; margin: 0.75rem 0; }
  .copyable button.copy { position: absolute; top: 0.4rem; right: 0.4rem; font: inherit; font-size: 0.8rem; padding: 0.15rem 0.6rem; border: 1px solid #b8c0cc; border-radius: 4px; background: #fff; color: #1d2433; cursor: pointer; }
  :focus-visible { outline: 3px solid #0b4fd8; outline-offset: 2px; }
`;

/** A whole page around `body`, with the shared head and navigation. */
export function sitePage(options: { file: string; title: string; css?: string; head?: string; body: string }): string {
  const nav = NAV_PAGES.map((p) => `<a href="${p.file}"${p.file === options.file ? ' aria-current="page"' : ""}>${escapeHtml(p.label)}</a>`).join("");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${FAVICON_LINK}
<style>${BASE_CSS}${options.css ?? ""}</style>
${options.head ?? ""}
</head>
<body>
<header><nav class="site" aria-label="Documentation">${nav}</nav></header>
<main>
${options.body}
</main>
</body>
</html>
`;
}

/** A code block with a copy button (the script is inline and tiny: catalog and index use it). */
export function copyableCode(code: string, language: string, label: string): string {
  return `<div class="copyable"><pre><code class="language-${language}">${escapeHtml(code)}</code></pre><button type="button" class="copy" data-copy aria-label="Copy ${escapeHtml(label)}">Copy</button></div>`;
}

export const COPY_SCRIPT = `<script>
document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("button[data-copy]") : null;
  if (!button) return;
  const code = button.parentElement.querySelector("code").innerText;
  try { await navigator.clipboard.writeText(code); button.textContent = "Copied"; }
  catch { const range = document.createRange(); range.selectNodeContents(button.parentElement.querySelector("code")); const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range); button.textContent = "Selected: press Ctrl+C"; }
  setTimeout(() => { button.textContent = "Copy"; }, 2000);
});
</script>`;
