/**
 * 3. Generation at scale: `generate` on the real spec and on synthetic catalogs made from the real
 * schemas, and the type-check cost of a consumer that calls create() for one model.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { copyRepo, type RepoCopy } from "../test/helpers/repo-copy.js";
import { round } from "./lib.js";

const exec = promisify(execFile);

/**
 * Replaces the MindVideo models with `count` models cloned (with new slugs) from the real ones.
 * Clones differ only in annotations, so generate compiles each real schema's validator once; with
 * `distinct`, each clone's prompt also gets its own maxLength, so every validator is compiled.
 */
export function makeCatalog(repo: RepoCopy, count: number, distinct = false): void {
  const dir = join(repo.dir, "spec/models/mindvideo");
  const real = readdirSync(dir).sort().map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Record<string, unknown>);
  if (count === real.length && !distinct) return;
  for (const file of readdirSync(dir)) rmSync(join(dir, file));
  for (let i = 0; i < count; i++) {
    const base = real[i % real.length]!;
    const slug = `${String(base.$id).split("/").pop()!.replace(/\.json$/, "")}-s${i}`;
    const properties = base.properties as Record<string, Record<string, unknown>>;
    const own = distinct ? { properties: { ...properties, prompt: { ...properties.prompt, maxLength: 5_000 + i } } } : {};
    writeFileSync(join(dir, `${slug}.json`), JSON.stringify({ ...base, ...own, $id: `https://schemas.mindvideo.ai/models/mindvideo/${slug}.json`, title: `${String(base.title)} #${i}` }, null, 2));
  }
}

/** `npm run generate` on the copy: a tsx process when measuring, or in this process for the smoke pass (same code, no process start). */
async function timedGenerate(repo: RepoCopy, inProcess = false) {
  const start = performance.now();
  const { stdout } = inProcess ? await repo.generate() : await exec(process.execPath, [join(repo.dir, "node_modules/tsx/dist/cli.mjs"), join(repo.dir, "scripts/generate.ts")], { cwd: repo.dir });
  const wallMs = performance.now() - start;
  const internal = /, (\d+) ms/.exec(stdout);
  const cpu = /, cpu (\d+) ms/.exec(stdout);
  return { wallMs: round(wallMs, 0), generateMs: internal ? Number(internal[1]) : undefined, generateCpuMs: cpu ? Number(cpu[1]) : undefined };
}

const tsc = (repo: RepoCopy, args: string[]) => exec(process.execPath, [join(repo.dir, "node_modules/typescript/bin/tsc"), ...args], { cwd: repo.dir, maxBuffer: 16 * 1024 * 1024 });

/**
 * A consumer calling create() for one model, type-checked two ways: against the package's .d.ts
 * (what npm users compile, with skipLibCheck) and against the SDK's sources (a monorepo).
 */
async function consumerTypeCheck(repo: RepoCopy) {
  const slug = readdirSync(join(repo.dir, "spec/models/mindvideo")).find((f) => f.startsWith("doubao-seedance-2-0-fast"))!.replace(/\.json$/, "");
  const consumer = (from: string) => `import { MindVideo } from "${from}";\nconst mv = new MindVideo({ apiKey: "k" });\nexport const task = mv.tasks.create({ model: ${JSON.stringify(slug)}, input: { prompt: "p", resolution: "720p" } });\n`;
  writeFileSync(join(repo.dir, "consumer-source.ts"), consumer("./src/index.js"));
  const check = async (file: string) => {
    writeFileSync(join(repo.dir, "tsconfig.consumer.json"), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noEmit: true, skipLibCheck: true }, include: [file] }));
    const { stdout } = await tsc(repo, ["-p", "tsconfig.consumer.json", "--extendedDiagnostics"]);
    const read = (label: string) => Number((new RegExp(`${label}:\\s+([\\d.]+)`).exec(stdout) ?? [])[1]);
    return { instantiations: read("Instantiations"), checkSeconds: read("Check time"), totalSeconds: read("Total time") };
  };
  const source = await check("consumer-source.ts");
  await tsc(repo, ["-p", "tsconfig.build.json", "--emitDeclarationOnly", "--outDir", "decl"]);
  writeFileSync(join(repo.dir, "consumer-package.ts"), consumer("./decl/src/index.js"));
  return { package: await check("consumer-package.ts"), source };
}

export async function generationAtScale(quick: boolean) {
  // Quick (the smoke pass in npm test): one small catalog generated in process: the part runs, nothing is measured.
  const sizes = quick ? [3] : [3, 30, 300];
  const rows: Record<string, unknown>[] = [];
  const repo = copyRepo();
  try {
    if (!quick) rows.push({ catalog: "real spec (4 models)", ...(await timedGenerate(repo)) });
    for (const size of sizes) {
      makeCatalog(repo, size);
      const generated = await timedGenerate(repo, quick);
      // The smoke pass leaves the consumer type check to the full bench: two tsc runs were most of its CPU.
      const typeCheck = quick ? undefined : await consumerTypeCheck(repo);
      rows.push({ catalog: `${size} MindVideo models (+1 gateway)`, models: size, ...generated, ...(typeCheck ? { typeCheck } : {}) });
    }
    // The clones above share validators; a catalog of as many different schemas pays Ajv for each.
    if (!quick) {
      makeCatalog(repo, 300, true);
      rows.push({ catalog: "300 MindVideo models, every schema different (+1 gateway)", distinctModels: 300, ...(await timedGenerate(repo)) });
    }
  } finally {
    repo.remove();
  }
  type Check = { instantiations: number; checkSeconds: number; totalSeconds: number };
  const byModels = (n: number) => rows.find((r) => r.models === n) as { generateMs: number; wallMs: number; typeCheck?: { package: Check; source: Check } } | undefined;
  const [small, mid, large] = [byModels(sizes[0]!), byModels(sizes[1]!), byModels(sizes.at(-1)!)];
  const growth = (a: Check, b: Check) => ({ instantiations: round(b.instantiations / a.instantiations), checkTime: round(b.checkSeconds / Math.max(a.checkSeconds, 0.01)), totalTime: round(b.totalSeconds / a.totalSeconds) });
  return {
    rows,
    generateGrowth: mid && large && large !== mid ? round(large.generateMs / mid.generateMs) : undefined,
    typeCheckGrowth: small?.typeCheck && large?.typeCheck ? { package: growth(small.typeCheck.package, large.typeCheck.package), source: growth(small.typeCheck.source, large.typeCheck.source) } : undefined,
    targets: { generate: "300 models ≤ 10× the 30-model time", typeCheck: "consumer type check grows < 2× from 3 to 300 models" },
  };
}
