/**
 * 6. Batches: jobs per second through runBatch (journaled, fsync per state change, bounded pool)
 * at concurrency 1/8/64, beside a naive `Promise.all(jobs.map(run))` with no journal, no bound and
 * no resume, against the task simulator with instant tasks over loopback HTTP. Then the peak RSS
 * of a separate process running a 10,000-job batch (target: under 100 MB), with Node's defaults
 * and with the old space capped, and the heap still live at the end (after a full GC).
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { build } from "esbuild";
import { createSimulator } from "../src/simulator/index.js";
import { bundleEsm } from "../scripts/lib/bundle-esm.js";
import { serveWeb } from "../scripts/lib/serve-web.js";
import { repoRoot } from "../scripts/lib/paths.js";
import { MindVideo } from "../src/index.js";
import { DEFAULT_BATCH_OPTIONS, runBatch } from "../src/node/batch/index.js";
import { nodeHttpFetch } from "../src/node/http-fetch.js";
import { benchJobs } from "./batch-jobs.js";
import { round } from "./lib.js";

export const MEMORY_TARGET_MB = 100;

export { benchJobs };

/** The simulator with instant tasks on a loopback port. */
export async function startInstantSimulator(): Promise<{ url: string; close(): Promise<void> }> {
  const simulator = createSimulator({ timing: { queuedMs: 0, processingMs: 0 }, pollHints: false });
  const server = await serveWeb((request) => simulator.handle(request), 0);
  return {
    url: server.url,
    close: async () => {
      simulator.close();
      await server.stop();
    },
  };
}

async function timed(fn: () => Promise<unknown>, jobs: number): Promise<number> {
  const start = performance.now();
  await fn();
  return round((jobs * 1000) / (performance.now() - start), 0);
}

export async function batchScale(quick: boolean) {
  const jobCount = quick ? 32 : 1_000;
  const memoryJobs = quick ? 200 : 10_000;
  const sim = await startInstantSimulator();
  const dir = mkdtempSync(join(tmpdir(), "mindvideo-bench-batch-"));
  try {
    const clientOptions = { apiKey: "bench", baseUrls: { mindvideo: sim.url } };
    const client = new MindVideo({ apiKey: "bench", baseUrl: sim.url }).generations;
    const rows: { runner: string; concurrency: number | "unbounded"; jobsPerSec: number }[] = [];
    let run = 0;
    for (const concurrency of [1, 8, 64]) {
      const jobs = benchJobs(jobCount, `c${concurrency}-${run++}`);
      rows.push({ runner: "runBatch", concurrency, jobsPerSec: await timed(() => runBatch(jobs, { out: join(dir, `c${concurrency}`), concurrency, clientOptions }), jobCount) });
    }
    const naiveJobs = benchJobs(jobCount, `naive-${run++}`);
    rows.push({ runner: "naive Promise.all", concurrency: "unbounded", jobsPerSec: await timed(() => Promise.all(naiveJobs.map((job) => client.run({ model: job.model, input: job.input } as never))), jobCount) });
    const naive = rows.at(-1)!.jobsPerSec;
    // The same naive loop on runBatch's transport: what the pool and the journal cost, apart from the transport.
    const nodeHttp = nodeHttpFetch();
    const naiveHttpClient = new MindVideo({ apiKey: "bench", baseUrl: sim.url, fetch: nodeHttp }).generations;
    const naiveHttpJobs = benchJobs(jobCount, `naive-http-${run++}`);
    rows.push({ runner: "naive Promise.all (node:http)", concurrency: "unbounded", jobsPerSec: await timed(() => Promise.all(naiveHttpJobs.map((job) => naiveHttpClient.run({ model: job.model, input: job.input } as never))), jobCount) });
    nodeHttp.close();
    const child = join(dir, "batch-memory-child.mjs");
    await build({ entryPoints: [join(repoRoot, "bench/batch-memory-child.ts")], bundle: true, platform: "node", format: "esm", outfile: child, logLevel: "warning", banner: { js: "import { createRequire } from \"node:module\"; const require = createRequire(import.meta.url);" } });
    const memory = [];
    // 64 jobs at once (the throughput rows' widest pool), then the same at runBatch's and the CLI's default concurrency.
    const runs: { transport: "node-http" | "fetch"; flags: string[]; concurrency: number }[] = [
      { transport: "node-http", flags: [], concurrency: 64 },
      { transport: "fetch", flags: [], concurrency: 64 },
      { transport: "node-http", flags: [`--max-old-space-size=${HEAP_CAP_MB}`, "--max-semi-space-size=2"], concurrency: 64 },
      { transport: "node-http", flags: [], concurrency: DEFAULT_BATCH_OPTIONS.concurrency },
    ];
    for (const { transport, flags, concurrency } of runs) {
      const figures = await measureMemory(child, flags, transport, sim.url, memoryJobs, join(dir, `memory-${memory.length}`), concurrency);
      memory.push({ runner: "runBatch", transport: transport === "fetch" ? "Node's fetch" : "node:http (default)", nodeFlags: flags.join(" ") || "(defaults)", concurrency, defaultConcurrency: concurrency === DEFAULT_BATCH_OPTIONS.concurrency, ...figures, met: figures.peakRssMB < MEMORY_TARGET_MB });
    }
    const cli = await measureCliMemory(sim.url, memoryJobs, dir);
    memory.push({ runner: "mindvideo batch (the CLI)", transport: "node:http (default)", nodeFlags: "(defaults; the CLI sets its low-memory V8 flags itself)", concurrency: DEFAULT_BATCH_OPTIONS.concurrency, defaultConcurrency: true, ...cli, met: cli.peakRssMB < MEMORY_TARGET_MB });
    return {
      jobs: jobCount,
      rows: rows.map((row) => ({ ...row, ratioVsNaive: round(row.jobsPerSec / naive, 2) })),
      memory: { jobs: memoryJobs, targetMB: MEMORY_TARGET_MB, runtime: `plain node ${process.version} on the bundled JS (what users of the built package run; no TypeScript loader)`, runs: memory },
    };
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The live data stays small (about 15 MB at the end of 10,000 jobs), but by default V8 lets garbage
 * pile up before collecting it; capping the old and young spaces shows what the runner needs.
 */
const HEAP_CAP_MB = 64;

/** The shipped CLI (dist/esm's bundles, built here) running the same jobs from a jobs.jsonl with its defaults. */
async function measureCliMemory(url: string, jobs: number, dir: string): Promise<{ peakRssMB: number; baselineRssMB: number; liveHeapMB: number; seconds: number }> {
  // Inside the repo's node_modules, so the bundle resolves its dependencies as the package would.
  const cache = join(repoRoot, "node_modules/.cache");
  mkdirSync(cache, { recursive: true });
  const shipped = mkdtempSync(join(cache, "mindvideo-cli-"));
  try {
    await bundleEsm(repoRoot, shipped);
    const child = join(dir, "batch-cli-memory-child.mjs");
    await build({ entryPoints: [join(repoRoot, "bench/batch-cli-memory-child.ts")], bundle: true, platform: "node", format: "esm", outfile: child, logLevel: "warning" });
    const jobsFile = join(dir, "cli-jobs.jsonl");
    writeFileSync(jobsFile, benchJobs(jobs, "cli").map((job) => JSON.stringify(job)).join("\n"));
    const args = [child, join(shipped, "src/cli/main.js"), "batch", jobsFile, "--out", join(dir, "cli-out"), "--base-url", url, "--json"];
    const { stderr } = await promisify(execFile)(process.execPath, ["--expose-gc", ...args], { cwd: repoRoot, env: { ...process.env, MINDVIDEO_API_KEY: "bench" }, maxBuffer: 64 << 20 });
    return JSON.parse(stderr.trim().split("\n").at(-1)!);
  } finally {
    rmSync(shipped, { recursive: true, force: true });
  }
}

/**
 * In its own process, bundled (no TypeScript loader in the figure), so the figure is the batch
 * runner's alone; the simulator stays in this process.
 */
async function measureMemory(child: string, flags: string[], transport: string, url: string, jobs: number, out: string, concurrency: number): Promise<{ peakRssMB: number; baselineRssMB: number; liveHeapMB: number; seconds: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, [...flags, "--expose-gc", child, url, String(jobs), out, transport, String(concurrency)], { cwd: repoRoot, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}
