/**
 * 4. What a browser app pays: esbuild-minified, tree-shaken, gzipped, for MindVideo vs openapi-fetch
 * alone; separately, for the `mindvideo/ai-sdk` subpath (which the main entry never imports); and what
 * the mock subpaths cost the apps (tests, dev builds) that import them, while the main entry pulls in
 * none of their modules.
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
  mock: `import { createMock } from ${JSON.stringify(join(repoRoot, "src/mock/index.ts"))};\nconst mock = createMock();\nmock.fetch("https://api.mindvideo.ai/api/v1/tasks/t").then(console.log);\n`,
  mswHandlers: `import { setupWorker } from "msw/browser";\nimport { createHandlers } from ${JSON.stringify(join(repoRoot, "src/mock/msw.ts"))};\nsetupWorker(...createHandlers()).start();\n`,
};

/** Modules that belong to the mock subpaths (and the libraries only they use); the main entry must include none. */
const MOCK_ONLY = /(^|\/)(src\/mock|src\/simulator|node_modules\/(msw|@mswjs|ajv|ajv-formats))\//;

async function measure(name: string, source: string) {
  const dir = mkdtempSync(join(tmpdir(), "mindvideo-bundle-"));
  try {
    writeFileSync(join(dir, "app.js"), source);
    const { metafile } = await build({ metafile: true, entryPoints: [join(dir, "app.js")], bundle: true, minify: true, treeShaking: true, splitting: true, format: "esm", platform: "browser", outdir: join(dir, "out"), nodePaths: [join(repoRoot, "node_modules")], logLevel: "silent" });
    const files = readdirSync(join(dir, "out")).map((file) => {
      const bytes = readFileSync(join(dir, "out", file));
      return { file, minBytes: statSync(join(dir, "out", file)).size, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
    const entry = files.find((f) => f.file === "app.js")!;
    const lazy = files.filter((f) => f !== entry);
    const mockModules = Object.keys(metafile.inputs).filter((input) => MOCK_ONLY.test(input)).length;
    return { name, entryMinBytes: entry.minBytes, entryGzipBytes: entry.gzipBytes, lazyChunksGzipBytes: lazy.reduce((sum, f) => sum + f.gzipBytes, 0), mockModules };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function bundleSize() {
  const reference = await measure("openapi-fetch alone", APPS.openapiFetchAlone);
  const client = await measure("MindVideo (validators in a lazy chunk)", APPS.mindVideoClient);
  // @ai-sdk/provider is bundled in: an app pays for its error classes either way.
  const aiSdk = await measure("mindvideo/ai-sdk: createMindVideo (with @ai-sdk/provider)", APPS.aiSdkProvider);
  const mock = await measure("mindvideo/mock: createMock", APPS.mock);
  const msw = await measure("mindvideo/mock/msw: createHandlers + msw/browser", APPS.mswHandlers);
  const totalKiB = (row: typeof mock) => round((row.entryGzipBytes + row.lazyChunksGzipBytes) / 1024, 1);
  return {
    rows: [reference, client, aiSdk, mock, msw],
    ratio: round(client.entryGzipBytes / reference.entryGzipBytes),
    clientKiB: round(client.entryGzipBytes / 1024, 1),
    aiSdkKiB: totalKiB(aiSdk),
    targetKiB: 12,
    /** Modules of the mock subpaths in the main app's bundle: 0 means the main entry did not grow with them. */
    mainMockModules: client.mockModules,
    mockKiB: totalKiB(mock),
    mswKiB: totalKiB(msw),
  };
}
