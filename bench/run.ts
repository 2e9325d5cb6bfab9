/**
 * `npm run bench [-- --quick] [--out DIR] [--no-readme] [--prism-mindvideo URL --prism-gateway URL]`:
 * runs every benchmark, each beside its reference, and writes results.json and results.md (and the
 * README's Performance section). --quick is a seconds-long smoke run for `npm test`; its figures mean
 * nothing. --prism-* borrow running static Prism mocks instead of starting two.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "../scripts/lib/paths.js";
import { batchScale } from "./batch.js";
import { bundleSize } from "./bundle-size.js";
import { clientOverhead } from "./client-overhead.js";
import { generationAtScale } from "./generation.js";
import { load, machine } from "./lib.js";
import { mockThroughput } from "./mock.js";
import { importTimes } from "./peers/import-time.js";
import { peers } from "./peers/index.js";
import { memoryWhileWaiting } from "./waiting.js";
import { polling } from "./polling.js";
import { validation } from "./validation.js";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, out: { type: "string", default: join(repoRoot, "bench") }, "no-readme": { type: "boolean", default: false }, "prism-mindvideo": { type: "string" }, "prism-gateway": { type: "string" } } });
const quick = values.quick;
const started = Date.now();
const log = (text: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${text}`);

const loadAtStart = load();
log("client beside the peer SDKs");
const peerResults = await peers(quick);
log("import time");
const startup = await importTimes(quick);
log("mock throughput");
const [prismMindvideo, prismGateway] = [values["prism-mindvideo"], values["prism-gateway"]];
if ((prismMindvideo === undefined) !== (prismGateway === undefined)) throw new Error("--prism-mindvideo and --prism-gateway go together");
const mock = await mockThroughput(quick, prismMindvideo && prismGateway ? { mindvideo: prismMindvideo, gateway: prismGateway } : undefined);
log("memory while waiting");
const waiting = await memoryWhileWaiting(quick);
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

const results = { quick, date: new Date().toISOString(), machine: { ...machine(), loadAtStart, loadAtEnd: load() }, durationSeconds: Math.round((Date.now() - started) / 1000), clientOverhead: overhead, validation: validationResults, generation, bundle, polling: pollingResults, peers: peerResults, startup, mock, waiting, batch };
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
  const p = r.peers;
  const NAMES: Record<string, string> = { rawFetch: "raw fetch", guardedFetch: "raw fetch + a timeout signal and a counted read (the guarantees alone)", mindvideo: "**mindvideo**", openapiFetch: "openapi-fetch 0.17.0", replicate: "replicate 1.4.0", openai: "openai 7.57.0", falClient: "@fal-ai/client 1.10.1" };
  const x = (n: number) => `${n}×`;
  const g300 = g.rows.find((row) => (row as { models?: number }).models === 300) as { generateMs: number } | undefined;
  const progressRows = r.polling.rows.flatMap((row) => Object.entries(row.strategies).filter(([, s]) => s.target).map(([name, s]) => ({ seconds: row.taskSeconds, name, ...s, targetMs: row.detectionTargetMs })));
  const mockRow = r.mock.rows[0]!;
  const lines = [
    `Measured ${r.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; load average ${m.loadAtStart.loadAverage1m} at the start and ${m.loadAtEnd.loadAverage1m} at the end (${m.loadAtStart.perCore}–${m.loadAtEnd.perCore} per core: a shared, loaded machine, so read the ratios, which are measured side by side in the same run, rather than the absolute figures); the run took ${r.durationSeconds} s.${r.quick ? " (quick smoke run: figures are not meaningful)" : ""}`,
    "",
    "| target | measured in this run | result |",
    "| --- | --- | --- |",
    `| 1. reading a task over loopback ≥ 0.9× raw fetch, ≥ the fastest peer (sequential) | ${x(p.sequential.byName.mindvideo!.ratioVsRawFetch)} raw fetch; fastest peer ${NAMES[p.sequential.fastestPeer]} ${x(p.sequential.byName[p.sequential.fastestPeer]!.ratioVsRawFetch)} | ${ok(p.sequential.met)} |`,
    `| 1. the same, 16 in flight | ${x(p.inFlight16.byName.mindvideo!.ratioVsRawFetch)} raw fetch; fastest peer ${NAMES[p.inFlight16.fastestPeer]} ${x(p.inFlight16.byName[p.inFlight16.fastestPeer]!.ratioVsRawFetch)} | ${ok(p.inFlight16.met)} |`,
    `| 1. \`tasks.get\` with a next-tick stub ≥ 0.9× openapi-fetch | ${x(r.clientOverhead.get.ratioVsOpenapiFetch)} | ${ok(r.clientOverhead.get.ratioVsOpenapiFetch >= 0.9)} |`,
    `| 1. heap per call ≤ 1.1× raw fetch | ${Math.round(p.heap.bytesPerCall.mindvideo! / 100) / 10} KB = ${x(p.heap.ratioVsRawFetch.mindvideo!)} raw fetch (${Math.round(p.heap.bytesPerCall.rawFetch! / 100) / 10} KB) | ${ok(p.heap.met)} |`,
    `| 2. import of the root entry ≤ the fastest peer's | ${r.startup.ms.mindvideo} ms; fastest peer ${NAMES[r.startup.fastestPeer]} ${r.startup.ms[r.startup.fastestPeer]} ms (${x(r.startup.ratioVsFastestPeer)}) | ${ok(r.startup.met)} |`,
    `| 3. stateful mock ≥ 5,000 req/s, GET and create, 10 connections | create ${mockRow.create.rps}, GET ${mockRow.get.rps} req/s (simulator alone: ${r.mock.rows[1]!.create.rps} / ${r.mock.rows[1]!.get.rps}) | ${ok(r.mock.met)} |`,
    ...progressRows.map((row) => `| 4. ${row.name}, ${row.seconds} s task: ≤ 0.15× fixed 500 ms, delay ≤ ${row.targetMs} ms | ${x(row.requestRatioVsFixed500)}, ${row.detectionDelayMs} ms | ${ok(row.meetsTarget)} |`),
    `| 5. \`generate\` for 300 models ≤ 3 s, 300/30 growth ≤ 10× | ${g300 ? `${g300.generateMs} ms` : "n/a"}, growth ${g.generateGrowth ?? "n/a"}× | ${ok(g300 !== undefined && g300.generateMs <= 3_000 && (g.generateGrowth ?? 0) <= 10)} |`,
    `| 6. ${r.waiting.waits} concurrent \`wait()\`: peak RSS ≤ 150 MB | ${r.waiting.peakRssMB} MB peak (plain node on built JS, baseline ${r.waiting.baselineRssMiB} MiB); plain fetch doing the same: ${r.waiting.rawFetch.peakRssMB} MB; ${r.waiting.requestsPerTask} requests per task | ${ok(r.waiting.met)} |`,
    "",
    "**Reading one ~300-byte task from one local keep-alive server** (medians of interleaved rounds; ratios to raw fetch in the same run)",
    "",
    "| client | sequential | 16 in flight | heap per call |",
    "| --- | --- | --- | --- |",
    ...Object.keys(NAMES).map((n) => `| ${NAMES[n]} | ${p.sequential.byName[n]!.opsPerSec} ops/s (${x(p.sequential.byName[n]!.ratioVsRawFetch)}) | ${p.inFlight16.byName[n]!.opsPerSec} ops/s (${x(p.inFlight16.byName[n]!.ratioVsRawFetch)}) | ${Math.round(p.heap.bytesPerCall[n]! / 100) / 10} KB (${x(p.heap.ratioVsRawFetch[n]!)}) |`),
    "",
    `**Import time of the root entry** (fresh Node process each, median of rounds): ${Object.entries(r.startup.ms).map(([n, ms]) => `${NAMES[n]!.replace(/\*/g, "")} ${ms} ms`).join(", ")}.`,
    "",
    `**The mock** (autocannon, ${r.mock.connections} connections, ${r.mock.span ?? `${r.mock.durationSeconds} s`} each; requests/s)`,
    "",
    "| server | create | GET one task | non-2xx / errors |",
    "| --- | --- | --- | --- |",
    ...r.mock.rows.map((row) => `| ${row.name} | ${row.create.rps} | ${row.get.rps} | ${row.create.non2xx + row.get.non2xx} / ${row.create.errors + row.get.errors} |`),
    "",
    `The contract front keeps ${x(r.mock.frontShareOfSimulator.create)} of the simulator's create rate and ${x(r.mock.frontShareOfSimulator.get)} of its GET rate.`,
    "",
    `**Memory while waiting**: ${r.waiting.waits} tasks created and waited for at once by one client process (10 s tasks): ${r.waiting.succeeded} succeeded in ${r.waiting.seconds} s, peak RSS ${r.waiting.peakRssMB} MB from a baseline of ${r.waiting.baselineRssMiB} MiB (${r.waiting.runtime}), heap kept per sleeping wait ${r.waiting.retainedPerWaitKB ?? "n/a"} KB, ${r.waiting.requestsPerTask} requests per task (create included). The same creates and waits with plain fetch and a fixed 1 s poll: peak RSS ${r.waiting.rawFetch.peakRssMB} MB, ${r.waiting.rawFetch.requestsPerTask} requests per task; the SDK at ${r.waiting.vsRawFetch}× plain fetch's peak. The SDK's client sends at most ${r.waiting.maxConcurrentRequests} requests at once (\`maxConcurrentRequests\`, its default), the others waiting their turn; plain fetch sends all ${r.waiting.waits} at once.`,
    "",
    "**Client overhead per call** (fetch stub answering on the next tick; median of rounds)",
    "",
    "| call | raw fetch | openapi-fetch | mindvideo | mindvideo / openapi-fetch | target |",
    "| --- | --- | --- | --- | --- | --- |",
    `| get | ${r.clientOverhead.get.opsPerSec.rawFetch!.opsPerSec} ops/s | ${r.clientOverhead.get.opsPerSec.openapiFetch!.opsPerSec} ops/s | ${r.clientOverhead.get.opsPerSec.tasksGet!.opsPerSec} ops/s | ${r.clientOverhead.get.ratioVsOpenapiFetch}× | ≥ 0.9×: ${ok(r.clientOverhead.get.ratioVsOpenapiFetch >= 0.9)} |`,
    `| get over loopback HTTP | | ${r.clientOverhead.loopbackGet.opsPerSec.openapiFetch!.opsPerSec} ops/s | ${r.clientOverhead.loopbackGet.opsPerSec.tasksGet!.opsPerSec} ops/s | ${r.clientOverhead.loopbackGet.ratioVsOpenapiFetch}× | |`,
    `| raw fetch + a timeout signal and a counted read (the guarantees alone), get | | ${r.clientOverhead.get.opsPerSec.guardedFetch!.opsPerSec} ops/s | | ${r.clientOverhead.get.guardedFetchVsOpenapiFetch}× | |`,
    `| create (validated) | ${r.clientOverhead.create.opsPerSec.rawFetch!.opsPerSec} ops/s | ${r.clientOverhead.create.opsPerSec.openapiFetch!.opsPerSec} ops/s | ${r.clientOverhead.create.opsPerSec.tasksCreate!.opsPerSec} ops/s | ${r.clientOverhead.create.ratioVsOpenapiFetch}× | |`,
    "",
    "**Validation per input** (each model's example)",
    "",
    "| model | precompiled | Ajv compiled at run time | Ajv compile | first call, runtime vs precompiled | target ≤ 10 µs |",
    "| --- | --- | --- | --- | --- | --- |",
    ...r.validation.rows.map((v) => `| ${v.model} | ${v.precompiledUs} µs | ${v.ajvCompiledAtRuntimeUs} µs | ${v.ajvCompileMs} ms | ${v.firstCallSpeedup}× slower | ${ok(v.precompiledUs <= 10)} |`),
    "",
    "**Generation at scale** (`generate`: in-process wall time and the process's CPU time, which a loaded machine inflates less; wall includes tsx start-up; type check of one create() call)",
    "",
    "| catalog | generate | generate CPU | wall | consumer type check, package .d.ts | consumer type check, sources |",
    "| --- | --- | --- | --- | --- | --- |",
    ...g.rows.map((row) => {
      const x = row as { catalog: string; generateMs: number; generateCpuMs?: number; wallMs: number; typeCheck?: { package: { instantiations: number; totalSeconds: number }; source: { instantiations: number; totalSeconds: number } } };
      const tc = (c?: { instantiations: number; totalSeconds: number }) => (c ? `${c.instantiations} instantiations, ${c.totalSeconds} s` : "");
      return `| ${x.catalog} | ${x.generateMs} ms | ${x.generateCpuMs ?? ""} ms | ${x.wallMs} ms | ${tc(x.typeCheck?.package)} | ${tc(x.typeCheck?.source)} |`;
    }),
    "",
    g.generateGrowth !== undefined ? `Generate growth 30 → 300 models: ${g.generateGrowth}× (target ≤ 10×: ${ok(g.generateGrowth <= 10)}).` : "",
    g.typeCheckGrowth
      ? `Type-check growth 3 → 300 models: package ${g.typeCheckGrowth.package.instantiations}× instantiations, ${g.typeCheckGrowth.package.totalTime}× time (target < 2×: ${ok(g.typeCheckGrowth.package.instantiations < 2 && g.typeCheckGrowth.package.totalTime < 2)}); sources ${g.typeCheckGrowth.source.instantiations}× instantiations, ${g.typeCheckGrowth.source.totalTime}× time (${ok(g.typeCheckGrowth.source.instantiations < 2 && g.typeCheckGrowth.source.totalTime < 2)}).`
      : "",
    "",
    "**Browser bundle** (esbuild, minified, tree-shaken, gzip -9; an app that imports only `MindVideo`, and one that imports only `createMindVideo` from `mindvideo/ai-sdk`)",
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
    `**Polling** (virtual time, real HTTP to the simulator; mean requests and worst detection delay over start offsets of ${r.polling.offsetsMs.join("/")} ms)`,
    "",
    "| task | strategy | requests | vs fixed 500 ms | worst detection delay | target |",
    "| --- | --- | --- | --- | --- | --- |",
    ...r.polling.rows.flatMap((row) =>
      Object.entries(row.strategies).map(([name, s]) => `| ${row.taskSeconds} s | ${name} | ${s.requests} | ${s.requestRatioVsFixed500}× | ${s.detectionDelayMs} ms (≤ ${row.detectionTargetMs}) | ${s.target ? ok(s.meetsTarget) : "reference"} |`),
    ),
    "",
    `Progress only over ${r.polling.curves[0]?.tasks ?? 0} tasks per length, each with its own progress curve (in-process, virtual time): ${r.polling.curves.map((c) => `${c.taskSeconds} s: ${c.meanRequests} requests, worst delay ${c.worstDelayMs} ms (${c.worstDelayVsAllowed}× the allowed), ${c.late} late`).join("; ")}.`,
    "",
    `**6. Batches** (${r.batch.jobs} jobs, instant tasks, simulator over loopback HTTP; runBatch journals every step and bounds the pool, the naive loop does neither)`,
    "",
    "| runner | concurrency | jobs/s | vs naive Promise.all |",
    "| --- | --- | --- | --- |",
    ...r.batch.rows.map((b) => `| ${b.runner} | ${b.concurrency} | ${b.jobsPerSec} | ${b.ratioVsNaive}× |`),
    "",
    `Memory, one process running ${r.batch.memory.jobs} jobs: ${r.batch.memory.runtime}`,
    "",
    "| runner | transport | concurrency | node flags | peak RSS | RSS at start | live heap at the end | time | target < 100 MB |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...r.batch.memory.runs.map((m) => `| ${m.runner} | ${m.transport} | ${m.concurrency}${m.defaultConcurrency ? " (the default)" : ""} | ${m.nodeFlags} | ${m.peakRssMB} MB | ${m.baselineRssMB} MB | ${m.liveHeapMB} MB | ${m.seconds} s | ${ok(m.met)} |`),
    ...(r.batch.memory.runs.some((m) => m.runner !== "runBatch") ? ["", "The CLI's RSS at start is taken before it loads its own code; runBatch's after."] : []),
    "",
  ];
  return `${lines.filter((l, i, a) => !(l === "" && a[i - 1] === "")).join("\n")}`;
}
