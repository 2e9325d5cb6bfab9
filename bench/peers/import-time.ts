/**
 * Start-up: the time to import each package's root entry in a fresh Node process (the peers from
 * node_modules; mindvideo from its sources bundled exactly as `npm run build` lays out dist/esm, see
 * scripts/lib/bundle-esm.ts), interleaved over rounds; the median per package.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { bundleEsm } from "../../scripts/lib/bundle-esm.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { median, round } from "../lib.js";

const exec = promisify(execFile);

/** src/ and generated/ as the package ships them in dist/esm: the entries' bundles and their shared chunks. */
async function transpileMindvideo(): Promise<{ entry: string; remove(): void }> {
  // Inside the repo's node_modules, so the copy resolves openapi-fetch as the package would.
  const cache = join(repoRoot, "node_modules/.cache");
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, "mindvideo-import-"));
  await bundleEsm(repoRoot, out);
  return { entry: pathToFileURL(join(out, "src/index.js")).href, remove: () => rmSync(out, { recursive: true, force: true }) };
}

async function importMs(specifier: string): Promise<number> {
  const code = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await exec(process.execPath, ["--input-type=module", "-e", code], { cwd: repoRoot });
  return Number(stdout);
}

export async function importTimes(quick: boolean) {
  const mindvideo = await transpileMindvideo();
  const specifiers: Record<string, string> = { mindvideo: mindvideo.entry, openapiFetch: "openapi-fetch", replicate: "replicate", openai: "openai", falClient: "@fal-ai/client" };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(specifiers).map((k) => [k, []]));
  try {
    for (const specifier of Object.values(specifiers)) await importMs(specifier); // warm the file cache
    for (let r = 0; r < (quick ? 1 : 7); r++) for (const [name, specifier] of Object.entries(specifiers)) samples[name]!.push(await importMs(specifier));
  } finally {
    mindvideo.remove();
  }
  const ms = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, round(median(s), 1)]));
  const peers = Object.entries(ms).filter(([name]) => name !== "mindvideo");
  const [fastestPeer, fastestMs] = peers.reduce((a, b) => (b[1] < a[1] ? b : a));
  return { ms, samples, fastestPeer, ratioVsFastestPeer: round(ms.mindvideo! / fastestMs), met: ms.mindvideo! <= fastestMs, target: "import of the root entry ≤ the fastest peer SDK's" };
}
