/**
 * 4. What a browser app pays: esbuild-minified, tree-shaken, gzipped, for MindVideo vs openapi-fetch
 * alone; and, separately, for the `mindvideo/ai-sdk` subpath (which the main entry never imports).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { repoRoot } from "../scripts/lib/paths.js";
import { round } from "./lib.js";

const APPS = {
  openapiFetchAlone: `import createClient from "openapi-fetch";\nconst client = createClient({ baseUrl: "/api" });\nclient.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: "t" } } }).then(console.log);\n`,
  mindVideoClient: `import { MindVideo } from ${JSON.stringify(join(repoRoot, "src/index.ts"))};\nconst mv = new MindVideo({ baseUrl: "/api" });\nmv.tasks.run({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } }).then(console.log);\n`,
  aiSdkProvider: `import { createMindVideo } from ${JSON.stringify(join(repoRoot, "src/ai-sdk/index.ts"))};\nconst provider = createMindVideo({ baseUrl: "/api" });\nconsole.log(provider.video("doubao-seedance-2-0-fast"), provider.image("apimart-doubao-seedance-4-0"));\n`,
};

async function measure(name: string, source: string) {
  const dir = mkdtempSync(join(tmpdir(), "mindvideo-bundle-"));
  try {
    writeFileSync(join(dir, "app.js"), source);
    await build({ entryPoints: [join(dir, "app.js")], bundle: true, minify: true, treeShaking: true, splitting: true, format: "esm", platform: "browser", outdir: join(dir, "out"), nodePaths: [join(repoRoot, "node_modules")], logLevel: "silent" });
    const files = readdirSync(join(dir, "out")).map((file) => {
      const bytes = readFileSync(join(dir, "out", file));
      return { file, minBytes: statSync(join(dir, "out", file)).size, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
    const entry = files.find((f) => f.file === "app.js")!;
    const lazy = files.filter((f) => f !== entry);
    return { name, entryMinBytes: entry.minBytes, entryGzipBytes: entry.gzipBytes, lazyChunksGzipBytes: lazy.reduce((sum, f) => sum + f.gzipBytes, 0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function bundleSize() {
  const reference = await measure("openapi-fetch alone", APPS.openapiFetchAlone);
  const client = await measure("MindVideo (validators in a lazy chunk)", APPS.mindVideoClient);
  // @ai-sdk/provider is bundled in: an app pays for its error classes either way.
  const aiSdk = await measure("mindvideo/ai-sdk: createMindVideo (with @ai-sdk/provider)", APPS.aiSdkProvider);
  return {
    rows: [reference, client, aiSdk],
    ratio: round(client.entryGzipBytes / reference.entryGzipBytes),
    clientKiB: round(client.entryGzipBytes / 1024, 1),
    aiSdkKiB: round((aiSdk.entryGzipBytes + aiSdk.lazyChunksGzipBytes) / 1024, 1),
    targetKiB: 12,
  };
}
