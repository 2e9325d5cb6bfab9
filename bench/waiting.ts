/**
 * 6. Memory while waiting: 1,000 concurrent wait() calls in one client process against the
 * simulator in this process (10 s tasks), with the client's peak RSS and the requests per task.
 * The child runs as built JavaScript under plain `node` (an esbuild bundle of the sources, as users
 * run the package), not under tsx, whose loader alone doubles the baseline. Beside it, the same
 * creates and waits done with plain fetch and a fixed 1 s poll: what the runtime's fetch itself
 * costs for that many requests in flight at once.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { repoRoot } from "../scripts/lib/paths.js";
import { serveWeb } from "../scripts/lib/serve-web.js";
import { createSimulator } from "../src/simulator/index.js";
import { DEFAULT_CLIENT_OPTIONS } from "../src/config.js";
import { round } from "./lib.js";

interface ChildFigures {
  baselineRssMiB: number;
  succeeded: number;
  peakRssMiB: number;
  retainedPerWaitKB?: number;
  seconds: number;
}

async function runChild(child: string, count: number, quick: boolean, mode: "sdk" | "raw") {
  const simulator = createSimulator({ timing: { queuedMs: 1_000, processingMs: quick ? 1_000 : 9_000 } });
  let requests = 0;
  const server = await serveWeb((request) => {
    requests++;
    return simulator.handle(request);
  }, 0);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", child, server.url, String(count), mode], { cwd: repoRoot });
    const figures = JSON.parse(stdout) as ChildFigures;
    return { ...figures, peakRssMB: round((figures.peakRssMiB * 2 ** 20) / 1e6, 1), requestsPerTask: round(requests / count, 2) };
  } finally {
    await server.stop();
  }
}

export async function memoryWhileWaiting(quick: boolean) {
  const count = quick ? 50 : 1_000;
  const dir = mkdtempSync(join(tmpdir(), "mindvideo-waiting-"));
  try {
    const child = join(dir, "waiting-child.mjs");
    await build({ entryPoints: [join(repoRoot, "bench/waiting-child.ts")], bundle: true, platform: "node", format: "esm", target: "node20", outfile: child, logLevel: "warning" });
    // Measured one after the other (neither's load in the other's figures); the smoke pass overlaps them, its figures mean nothing.
    const [sdk, rawFetch] = quick
      ? await Promise.all([runChild(child, count, quick, "sdk"), runChild(child, count, quick, "raw")])
      : [await runChild(child, count, quick, "sdk"), await runChild(child, count, quick, "raw")];
    return {
      waits: count,
      ...sdk,
      maxConcurrentRequests: DEFAULT_CLIENT_OPTIONS.maxConcurrentRequests,
      runtime: "plain node on an esbuild bundle of the sources (built JS, no tsx loader)",
      rawFetch,
      vsRawFetch: round(sdk.peakRssMB / rawFetch.peakRssMB),
      met: sdk.peakRssMB <= 150,
      target: "1,000 concurrent wait() calls: peak RSS ≤ 150 MB",
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
