/**
 * Runs one batch of N jobs (args: simulator URL, N, out dir, transport, concurrency) and prints its peak RSS and
 * live heap as JSON (run with --expose-gc). Transport "node-http" is runBatch's default; "fetch"
 * hands it Node's built-in fetch, for comparison.
 */
import { performance } from "node:perf_hooks";
import { runBatch } from "../src/node/batch/index.js";
import { benchJobs } from "./batch-jobs.js";

const [url, count, out, transport = "node-http", concurrency = "64"] = process.argv.slice(2) as [string, string, string, string?, string?];
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const jobs = benchJobs(Number(count), "memory");
const baselineRssMB = mb(process.memoryUsage().rss);
const start = performance.now();
const fetch = transport === "fetch" ? { fetch: (request: Request) => globalThis.fetch(request) } : {};
await runBatch(jobs, { out, concurrency: Number(concurrency), clientOptions: { apiKey: "bench", baseUrls: { mindvideo: url }, ...fetch } });
const seconds = Math.round((performance.now() - start) / 100) / 10;
(globalThis as { gc?: () => void }).gc?.();
// maxRSS is in KiB: the peak over the process's whole life, start-up included.
console.log(JSON.stringify({ peakRssMB: mb(process.resourceUsage().maxRSS * 1024), baselineRssMB, liveHeapMB: mb(process.memoryUsage().heapUsed), seconds }));
