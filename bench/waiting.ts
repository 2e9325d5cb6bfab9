/**
 * 6. Memory while waiting: 1,000 concurrent wait() calls in one client process against the
 * simulator in this process (10 s tasks), with the client's peak RSS and the requests per task. The
 * child runs under tsx, whose loader is part of the baseline RSS (reported beside the peak).
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../scripts/lib/paths.js";
import { serveWeb } from "../scripts/lib/serve-web.js";
import { createSimulator } from "../src/simulator/index.js";
import { round } from "./lib.js";

export async function memoryWhileWaiting(quick: boolean) {
  const count = quick ? 50 : 1_000;
  const simulator = createSimulator({ timing: { queuedMs: 1_000, processingMs: quick ? 1_000 : 9_000 } });
  let requests = 0;
  const server = await serveWeb((request) => {
    requests++;
    return simulator.handle(request);
  }, 0);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", join(repoRoot, "bench/waiting-child.ts"), server.url, String(count)], { cwd: repoRoot });
    const child = JSON.parse(stdout) as { baselineRssMiB: number; succeeded: number; peakRssMiB: number; seconds: number };
    const peakRssMB = round((child.peakRssMiB * 2 ** 20) / 1e6, 1);
    return { waits: count, ...child, peakRssMB, requestsPerTask: round(requests / count, 2), met: peakRssMB <= 150, target: "1,000 concurrent wait() calls: peak RSS ≤ 150 MB" };
  } finally {
    await server.stop();
  }
}
