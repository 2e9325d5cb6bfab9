/**
 * `npm run docs`: dist/docs/ with a Redoc page per API (from the bundled specs), the model catalog
 * and an index. Self-contained: the pages load Redoc from dist/docs/assets (the copy inside
 * @redocly/cli), never from a CDN, and the build fails if any external resource remains.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { catalogHtml } from "./lib/catalog.js";
import { repoRoot } from "./lib/paths.js";

export const docsDir = join(repoRoot, "dist", "docs");
const require = createRequire(import.meta.url);
const redoclyCli = require.resolve("@redocly/cli/bin/cli.js");
const redocBundle = join(dirname(redoclyCli), "..", "lib", "chunks", "redoc.standalone.js");
const CDN_REDOC = /https:\/\/cdn\.redocly\.com\/redoc\/v[^"/]+\/bundles\/redoc\.standalone\.js/g;
/** Images the Redoc bundle itself fetches (its "API docs by Redocly" badge), served locally instead. */
const BUNDLE_CDN_IMAGES = /https:\/\/cdn\.redoc\.ly\/redoc\/(logo-mini(?:-full)?\.svg)/g;
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="72" height="16" viewBox="0 0 72 16"><text x="0" y="12" font-family="system-ui,sans-serif" font-size="12" fill="#0044d4">Redocly</text></svg>\n`;
const EXTERNAL_RESOURCE = /<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?\/\/[^"]+"|@import\s+url\((?:https?:)?\/\/|import\s*\{[^}]*\}\s*from\s*"https?:\/\//g;

export const API_PAGES = [
  { api: "mindvideo", file: "mindvideo.html" },
  { api: "gateway", file: "gateway.html" },
] as const;

function buildApiPage(api: string, file: string, localBundle: string, integrity: string): void {
  const out = join(docsDir, file);
  execFileSync(process.execPath, [redoclyCli, "build-docs", api, "--output", out], { cwd: repoRoot, stdio: "pipe" });
  let html = readFileSync(out, "utf8").replace(CDN_REDOC, localBundle);
  // Subresource Integrity for the local copy (rewritten, so not the CDN file's hash).
  html = html.replace(/ integrity="sha384-[^"]+"/g, ` integrity="${integrity}"`);
  const external = html.match(EXTERNAL_RESOURCE);
  if (external) throw new Error(`${file} still loads external resources: ${external.join(", ")}`);
  writeFileSync(out, html);
}

function indexHtml(): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>mindvideo API docs</title>
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:3rem auto;padding:0 1rem;line-height:1.5}li{margin:.4rem 0}</style></head>
<body><h1>mindvideo API docs</h1>
<ul>
<li><a href="mindvideo.html">MindVideo task API</a>: submit generation tasks, poll them, read their events.</li>
<li><a href="gateway.html">Video generations gateway</a>: OpenAI-style <code>POST /v1/videos/generations</code>, task query and callbacks.</li>
<li><a href="models.html">Model catalog</a>: every model's parameters, rules and example requests.</li>
</ul>
<p>Generated from <code>spec/</code>; works offline, with no external request.</p>
</body></html>
`;
}

export function buildDocs(): string[] {
  rmSync(docsDir, { recursive: true, force: true });
  mkdirSync(join(docsDir, "assets"), { recursive: true });
  const bundle = readFileSync(redocBundle, "utf8").replace(BUNDLE_CDN_IMAGES, (_url, name: string) => {
    writeFileSync(join(docsDir, "assets", name), LOGO_SVG);
    return `./assets/${name}`;
  });
  writeFileSync(join(docsDir, "assets", "redoc.standalone.js"), bundle);
  const integrity = `sha384-${createHash("sha384").update(bundle).digest("base64")}`;
  for (const { api, file } of API_PAGES) buildApiPage(api, file, "./assets/redoc.standalone.js", integrity);
  writeFileSync(join(docsDir, "models.html"), catalogHtml());
  writeFileSync(join(docsDir, "index.html"), indexHtml());
  return ["index.html", ...API_PAGES.map((p) => p.file), "models.html", "assets/redoc.standalone.js"];
}

if (process.argv[1]?.endsWith("docs.ts")) {
  try {
    const files = buildDocs();
    console.log(`docs built in dist/docs: ${files.join(", ")}`);
  } catch (error) {
    console.error(`docs: ${(error as Error).message}`);
    process.exit(1);
  }
}
