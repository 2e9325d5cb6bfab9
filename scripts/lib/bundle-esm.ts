/**
 * The ESM build's entry files as esbuild bundles: Node resolves, reads and compiles a module per
 * file, so the root entry as ~35 files took several times as long to import as one file. Every
 * entry of package.json's exports (and the CLI) is bundled in one esbuild run with code splitting,
 * so the entries share their chunks: a class (MindVideoError, …) stays one class whichever subpath
 * it is imported from, and what loads lazily (the callback-URL guard) stays a chunk of its own. Every
 * other entry but the standalone subpaths (STANDALONE_ENTRIES) is made to reach the root entry's whole module set, so that set lands in one chunk
 * instead of a dozen split by which subpaths share which file: importing the root reads two files. Dependencies stay external: they are the package's dependencies and peers, resolved
 * by the consumer. tsc still writes the .d.ts files beside the entries; the CommonJS build is tsc's.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { build, type BuildResult, type Plugin } from "esbuild";

interface Manifest {
  exports: Record<string, { import?: { default?: string } } | string>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** src/… entry sources of the ESM build, from the manifest's `exports` (import condition) and `bin`. */
export function esmEntrySources(repoRoot: string): string[] {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as Manifest;
  const built = [
    ...Object.values(manifest.exports).flatMap((entry) => (typeof entry === "object" && entry.import?.default ? [entry.import.default] : [])),
    ...Object.values(manifest.bin ?? {}),
  ];
  return [...new Set(built)].map((file) => {
    const match = /^\.\/dist\/esm\/(src\/.+)\.js$/.exec(file);
    if (!match) throw new Error(`bundle-esm: ${file} is not a dist/esm/src/… entry`);
    return join(repoRoot, `${match[1]}.ts`);
  });
}

/** Bundles the ESM entries into `outdir` (dist/esm), each at the path tsc gives it; chunks under chunks/. */
export async function bundleEsm(repoRoot: string, outdir: string): Promise<BuildResult> {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as Manifest;
  const external = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})].flatMap((name) => [name, `${name}/*`]);
  return build({
    entryPoints: esmEntrySources(repoRoot),
    outdir,
    outbase: repoRoot,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    // Node builtins only appear in the Node-only entries (src/node, src/cli); the core has none.
    external: [...external, "node:*"],
    chunkNames: "chunks/[name]-[hash]",
    // Kept readable: names and comments in stack traces and when debugging the package.
    minify: false,
    legalComments: "none",
    logLevel: "error",
    metafile: true,
    plugins: [rootCoreFirst(join(repoRoot, "src/index.ts"), [...esmEntrySources(repoRoot).filter((entry) => !STANDALONE_ENTRIES.some((file) => entry.endsWith(file))), ...LAZY_MODULES.map((file) => join(repoRoot, file))])],
  });
}

/**
 * Subpaths an app imports without the client (a data-URI helper, the model list, the callback
 * parser, the edge proxy): they do not keep the root alive, or an app's bundler could not drop the
 * client from them (one `toDataUri` import weighed 145 KB minified that way, 2.6 KB without).
 */
const STANDALONE_ENTRIES = ["src/files.ts", "src/models.ts", "src/webhooks.ts", "src/proxy.ts"].map((file) => file.replaceAll("/", sep));

/** Modules loaded with import() (each an entry of esbuild's chunking): they keep the root alive too. */
const LAZY_MODULES = ["src/validation.ts", "src/gateway/callback-url.ts"];

/**
 * Each entry other than the root keeps the root's namespace alive (a read of its keys, which a
 * bundler cannot drop), so esbuild's chunking sees every entry using the root's modules and puts
 * them in one shared chunk. Nothing is exported or set globally: the entries' surfaces are unchanged.
 */
function rootCoreFirst(rootEntry: string, entries: readonly string[]): Plugin {
  return {
    name: "root-core-first",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path === rootEntry || !entries.includes(args.path)) return undefined;
        const source = await readFile(args.path, "utf8");
        const hashbang = /^#!.*\n/.exec(source)?.[0] ?? "";
        const keep = `import * as rootEntryModules from ${JSON.stringify(rootEntry)};\nvoid Object.keys(rootEntryModules);\n`;
        return { contents: hashbang + keep + source.slice(hashbang.length), loader: "ts", resolveDir: dirname(args.path) };
      });
    },
  };
}

/** The files of a bundle, relative to its outdir (for messages and checks). */
export function bundleFiles(result: BuildResult, outdir: string): string[] {
  return Object.keys(result.metafile?.outputs ?? {}).map((file) => relative(outdir, file));
}
