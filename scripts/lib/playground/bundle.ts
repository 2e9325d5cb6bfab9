/** The playground's script: app.ts and the SDK it imports from src/, bundled for browsers by esbuild. */
import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("./app.ts", import.meta.url));

export function bundlePlayground(): string {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}
