/**
 * Runs the shipped CLI in this process, as its own bin would (args: the bundled `cli/main.js`, then
 * the CLI's arguments), and prints its peak RSS and live heap as JSON on stderr when it exits (run
 * with --expose-gc). The CLI's own decisions (its default concurrency, its heap flags) are in the figure.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const [cli, ...args] = process.argv.slice(2) as [string, ...string[]];
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const baselineRssMB = mb(process.memoryUsage().rss);
const start = performance.now();
process.on("exit", () => {
  const seconds = Math.round((performance.now() - start) / 100) / 10;
  (globalThis as { gc?: () => void }).gc?.();
  // maxRSS is in KiB: the peak over the process's whole life, start-up included.
  process.stderr.write(`\n${JSON.stringify({ peakRssMB: mb(process.resourceUsage().maxRSS * 1024), baselineRssMB, liveHeapMB: mb(process.memoryUsage().heapUsed), seconds })}\n`);
});
// The entry runs itself when argv[1] is the CLI's main.
process.argv = [process.argv[0]!, cli, ...args];
await import(pathToFileURL(cli).href);
