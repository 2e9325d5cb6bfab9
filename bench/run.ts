/**
 * `npm run bench [-- --quick] [--out DIR] [--no-readme]`: runs every benchmark, each beside its
 * reference, and writes results.json and results.md (and the README's Performance section).
 * --quick is a seconds-long smoke run for `npm test`; its figures mean nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "../scripts/lib/paths.js";
import { batchScale } from "./batch.js";
import { bundleSize } from "./bundle-size.js";
import { clientOverhead } from "./client-overhead.js";
import { generationAtScale } from "./generation.js";
import { machine } from "./lib.js";
import { polling } from "./polling.js";
import { validation } from "./validation.js";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, out: { type: "string", default: join(repoRoot, "bench") }, "no-readme": { type: "boolean", default: false } } });
const quick = values.quick;
const started = Date.now();
const log = (text: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${text}`);

log("client overhead");
const overhead = await clientOverhead(quick);
log("validation");
const validationResults = validation(quick);
log("generation at scale");
const generation = await generationAtScale(quick);
log("bundle size");
const bundle = await bundleSize();
log("polling");
const pollingResults = await polling(quick);
log("batches");
const batch = await batchScale(quick);

const results = { quick, date: new Date().toISOString(), machine: machine(), durationSeconds: Math.round((Date.now() - started) / 1000), clientOverhead: overhead, validation: validationResults, generation, bundle, polling: pollingResults, batch };
const markdown = render(results);
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(values.out, "results.md"), markdown);
if (!quick && !values["no-readme"]) {
  const readme = join(repoRoot, "README.md");
  const text = readFileSync(readme, "utf8");
  const [start, end] = ["<!-- bench:start -->", "<!-- bench:end -->"];
  if (!text.includes(start)) throw new Error("README.md has no bench markers");
  writeFileSync(readme, `${text.slice(0, text.indexOf(start) + start.length)}\n${markdown}${text.slice(text.indexOf(end))}`);
}
log(`done: ${join(values.out, "results.json")}`);

function render(r: typeof results): string {
  const m = r.machine;
  const ok = (met: boolean) => (met ? "met" : "**missed**");
  const g = r.generation;
  const lines = [
    `Measured ${r.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; the run took ${r.durationSeconds} s.${r.quick ? " (quick smoke run: figures are not meaningful)" : ""}`,
    "",
    "**1. Client overhead per call** (fetch stub answering on the next tick; median of rounds)",
    "",
    "| call | raw fetch | openapi-fetch | mindvideo | mindvideo / openapi-fetch | target |",
    "| --- | --- | --- | --- | --- | --- |",
    `| get | ${r.clientOverhead.get.opsPerSec.rawFetch!.opsPerSec} ops/s | ${r.clientOverhead.get.opsPerSec.openapiFetch!.opsPerSec} ops/s | ${r.clientOverhead.get.opsPerSec.tasksGet!.opsPerSec} ops/s | ${r.clientOverhead.get.ratioVsOpenapiFetch}× | ≥ 0.9×: ${ok(r.clientOverhead.get.ratioVsOpenapiFetch >= 0.9)} |`,
    `| get over loopback HTTP | | ${r.clientOverhead.loopbackGet.opsPerSec.openapiFetch!.opsPerSec} ops/s | ${r.clientOverhead.loopbackGet.opsPerSec.tasksGet!.opsPerSec} ops/s | ${r.clientOverhead.loopbackGet.ratioVsOpenapiFetch}× | |`,
    `| create (validated) | ${r.clientOverhead.create.opsPerSec.rawFetch!.opsPerSec} ops/s | ${r.clientOverhead.create.opsPerSec.openapiFetch!.opsPerSec} ops/s | ${r.clientOverhead.create.opsPerSec.tasksCreate!.opsPerSec} ops/s | ${r.clientOverhead.create.ratioVsOpenapiFetch}× | |`,
    "",
    "**2. Validation per input** (each model's example)",
    "",
    "| model | precompiled | Ajv compiled at run time | Ajv compile | first call, runtime vs precompiled | target ≤ 10 µs |",
    "| --- | --- | --- | --- | --- | --- |",
    ...r.validation.rows.map((v) => `| ${v.model} | ${v.precompiledUs} µs | ${v.ajvCompiledAtRuntimeUs} µs | ${v.ajvCompileMs} ms | ${v.firstCallSpeedup}× slower | ${ok(v.precompiledUs <= 10)} |`),
    "",
    "**3. Generation at scale** (`generate` wall time includes tsx start-up; type check of one create() call)",
    "",
    "| catalog | generate | wall | consumer type check, package .d.ts | consumer type check, sources |",
    "| --- | --- | --- | --- | --- |",
    ...g.rows.map((row) => {
      const x = row as { catalog: string; generateMs: number; wallMs: number; typeCheck?: { package: { instantiations: number; totalSeconds: number }; source: { instantiations: number; totalSeconds: number } } };
      const tc = (c?: { instantiations: number; totalSeconds: number }) => (c ? `${c.instantiations} instantiations, ${c.totalSeconds} s` : "");
      return `| ${x.catalog} | ${x.generateMs} ms | ${x.wallMs} ms | ${tc(x.typeCheck?.package)} | ${tc(x.typeCheck?.source)} |`;
    }),
    "",
    g.generateGrowth !== undefined ? `Generate growth 30 → 300 models: ${g.generateGrowth}× (target ≤ 10×: ${ok(g.generateGrowth <= 10)}).` : "",
    g.typeCheckGrowth
      ? `Type-check growth 3 → 300 models: package ${g.typeCheckGrowth.package.instantiations}× instantiations, ${g.typeCheckGrowth.package.totalTime}× time (target < 2×: ${ok(g.typeCheckGrowth.package.instantiations < 2 && g.typeCheckGrowth.package.totalTime < 2)}); sources ${g.typeCheckGrowth.source.instantiations}× instantiations, ${g.typeCheckGrowth.source.totalTime}× time (${ok(g.typeCheckGrowth.source.instantiations < 2 && g.typeCheckGrowth.source.totalTime < 2)}).`
      : "",
    "",
    "**4. Browser bundle** (esbuild, minified, tree-shaken, gzip -9; an app that imports only `MindVideo`, and one that imports only `createMindVideo` from `mindvideo/ai-sdk`)",
    "",
    "| app | entry, minified | entry, gzip | lazy chunks, gzip |",
    "| --- | --- | --- | --- |",
    ...r.bundle.rows.map((b) => `| ${b.name} | ${b.entryMinBytes} B | ${b.entryGzipBytes} B | ${b.lazyChunksGzipBytes} B |`),
    "",
    `MindVideo entry: ${r.bundle.clientKiB} KiB gzip including openapi-fetch, ${r.bundle.ratio}× openapi-fetch alone (target ≤ 12 KiB: ${ok(r.bundle.clientKiB <= 12)}); the validators load on the first create, as their own chunk.`,
    r.bundle.aiSdkKiB === undefined ? "" : `mindvideo/ai-sdk: ${r.bundle.aiSdkKiB} KiB gzip in all (the client, the model registry it reads fields from, @ai-sdk/provider's error classes); the main entry does not import it, so the MindVideo row does not grow with it.`,
    r.bundle.mockKiB === undefined
      ? ""
      : `Mock subpaths (everything they load, gzip): \`mindvideo/mock\` ${r.bundle.mockKiB} KiB; \`mindvideo/mock/msw\` with msw/browser ${r.bundle.mswKiB} KiB. Modules of either in the MindVideo app's bundle: ${r.bundle.mainMockModules} (${ok(r.bundle.mainMockModules === 0)}).`,
    "",
    `**5. Polling** (virtual time, real HTTP to the simulator; mean requests and worst detection delay over start offsets of ${r.polling.offsetsMs.join("/")} ms)`,
    "",
    "| task | strategy | requests | vs fixed 500 ms | worst detection delay | target |",
    "| --- | --- | --- | --- | --- | --- |",
    ...r.polling.rows.flatMap((row) =>
      Object.entries(row.strategies).map(([name, s]) => `| ${row.taskSeconds} s | ${name} | ${s.requests} | ${s.requestRatioVsFixed500}× | ${s.detectionDelayMs} ms (≤ ${row.detectionTargetMs}) | ${ok(s.meetsTarget)} |`),
    ),
    "",
    `**6. Batches** (${r.batch.jobs} jobs, instant tasks, simulator over loopback HTTP; runBatch journals every step and bounds the pool, the naive loop does neither)`,
    "",
    "| runner | concurrency | jobs/s | vs naive Promise.all |",
    "| --- | --- | --- | --- |",
    ...r.batch.rows.map((b) => `| ${b.runner} | ${b.concurrency} | ${b.jobsPerSec} | ${b.ratioVsNaive}× |`),
    "",
    `Memory, one process running ${r.batch.memory.jobs} jobs at concurrency ${r.batch.memory.concurrency} (bundled, no TypeScript loader):`,
    "",
    "| node flags | peak RSS | RSS at start | live heap at the end | time | target < 100 MB |",
    "| --- | --- | --- | --- | --- | --- |",
    ...r.batch.memory.runs.map((m) => `| ${m.nodeFlags} | ${m.peakRssMB} MB | ${m.baselineRssMB} MB | ${m.liveHeapMB} MB | ${m.seconds} s | ${ok(m.met)} |`),
    "",
  ];
  return `${lines.filter((l, i, a) => !(l === "" && a[i - 1] === "")).join("\n")}`;
}
