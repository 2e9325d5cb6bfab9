/**
 * What `npm run docs` builds: dist/docs/ with a Redoc page per API (from the bundled specs), the model catalog,
 * the playground (a form per model, running the SDK in the page) and an index. Self-contained: the
 * pages load Redoc and the playground's script from dist/docs/assets, never from a CDN, and the
 * build fails if any external resource remains.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { models, type ModelInfo } from "../../generated/models/registry.js";
import { catalogHtml } from "./catalog.js";
import { repoRoot } from "./paths.js";
import { bundlePlayground } from "./playground/bundle.js";
import { playgroundHtml } from "./playground/page.js";
import { FAVICON_LINK, FAVICON_SVG } from "./site-layout.js";
import { indexHtml } from "./docs-index.js";

export const docsDir = join(repoRoot, "dist", "docs");
const require = createRequire(import.meta.url);
const redoclyCli = require.resolve("@redocly/cli/bin/cli.js");
const redocBundle = join(dirname(redoclyCli), "..", "lib", "chunks", "redoc.standalone.js");
const CDN_REDOC = /https:\/\/cdn\.redocly\.com\/redoc\/v[^"/]+\/bundles\/redoc\.standalone\.js/g;
/** Images the Redoc bundle itself fetches (its "API docs by Redocly" badge), served locally instead. */
const BUNDLE_CDN_IMAGES = /https:\/\/cdn\.redoc\.ly\/redoc\/(logo-mini(?:-full)?\.svg)/g;
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="72" height="16" viewBox="0 0 72 16"><text x="0" y="12" font-family="system-ui,sans-serif" font-size="12" fill="#0044d4">Redocly</text></svg>\n`;
/**
 * Colours Redoc's default theme draws below WCAG AA contrast (method badges, helper text, links,
 * strings in code samples), darkened. On every element because Redoc sets its variables on inner
 * containers as well as the root.
 */
const REDOC_CONTRAST_CSS = `<style>
* { --color-warm-grey-5: #626471 !important; --link-color-primary: #1248b8 !important; --code-block-tokens-string-color: #1f4399 !important; --code-block-tokens-property-string-color: #1f4399 !important; --code-block-tokens-boolean-color: #0b6b3a !important; --code-block-tokens-keyword-color: #8a1c5c !important; --code-block-tokens-operator-color: #7a4a00 !important; --code-block-tokens-function-color: #7a4a00 !important; }
.tag-get, .tag-query { --tag-color: #0b6b3a !important; }
.tag-post { --tag-color: #1248b8 !important; }
.tag-put, .tag-patch { --tag-color: #7a4a00 !important; }
.tag-delete { --tag-color: #a3082f !important; }
.tag-head, .tag-options, .tag-trace, .tag-link, .tag-http, .tag-hook { --tag-color: #3b3c45 !important; }
</style>
<script>
// Redoc labels its example pickers "Example" while showing the example's name; axe (WCAG 2.5.3)
// wants the visible name inside the accessible one.
new MutationObserver(() => {
  for (const b of document.querySelectorAll('button[aria-label="Example"]')) b.setAttribute("aria-label", "Example: " + b.textContent.trim());
}).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
</script>`;
const EXTERNAL_RESOURCE = /<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?\/\/[^"]+"|@import\s+url\((?:https?:)?\/\/|import\s*\{[^}]*\}\s*from\s*"https?:\/\//g;

export const API_PAGES = [
  { api: "mindvideo", file: "mindvideo.html" },
  { api: "gateway", file: "gateway.html" },
] as const;

/** Every HTML page the build writes. */
export const DOC_PAGES = ["index.html", "playground.html", "models.html", ...API_PAGES.map((p) => p.file)] as const;

function buildApiPage(outDir: string, api: string, file: string, localBundle: string, integrity: string): void {
  const out = join(outDir, file);
  execFileSync(process.execPath, [redoclyCli, "build-docs", api, "--output", out], { cwd: repoRoot, stdio: "pipe" });
  let html = readFileSync(out, "utf8").replace(CDN_REDOC, localBundle).replace("</head>", `${FAVICON_LINK}\n${REDOC_CONTRAST_CSS}\n</head>`);
  // No traces to Redocly's collector: the docs request nothing beyond their own files.
  html = html.replace(/"disableTelemetry":false/g, '"disableTelemetry":true');
  if (!html.includes('"disableTelemetry":true')) throw new Error(`${file}: could not turn Redoc's telemetry off`);
  // Subresource Integrity for the local copy (rewritten, so not the CDN file's hash).
  html = html.replace(/ integrity="sha384-[^"]+"/g, ` integrity="${integrity}"`);
  const external = html.match(EXTERNAL_RESOURCE);
  if (external) throw new Error(`${file} still loads external resources: ${external.join(", ")}`);
  writeFileSync(out, html);
}

/** Builds the docs into `outDir` (default dist/docs; tests build into their own directories). */
export function buildDocs(outDir: string = docsDir): string[] {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, "assets"), { recursive: true });
  const bundle = readFileSync(redocBundle, "utf8").replace(BUNDLE_CDN_IMAGES, (_url, name: string) => {
    writeFileSync(join(outDir, "assets", name), LOGO_SVG);
    return `./assets/${name}`;
  });
  writeFileSync(join(outDir, "assets", "redoc.standalone.js"), bundle);
  const integrity = `sha384-${createHash("sha384").update(bundle).digest("base64")}`;
  for (const { api, file } of API_PAGES) buildApiPage(outDir, api, file, "./assets/redoc.standalone.js", integrity);
  writeFileSync(join(outDir, "favicon.svg"), FAVICON_SVG);
  const script = bundlePlayground();
  writeFileSync(join(outDir, "assets", "playground.js"), script);
  const scriptIntegrity = `sha384-${createHash("sha384").update(script).digest("base64")}`;
  writeFileSync(join(outDir, "playground.html"), playgroundHtml(Object.values(models) as ModelInfo[], { src: "./assets/playground.js", integrity: scriptIntegrity }));
  writeFileSync(join(outDir, "models.html"), catalogHtml());
  writeFileSync(join(outDir, "index.html"), indexHtml());
  return [...DOC_PAGES, "favicon.svg", "assets/redoc.standalone.js", "assets/playground.js"];
}
