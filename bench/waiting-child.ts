/**
 * Child process for memory while waiting: creates `count` tasks on the mock at `baseUrl`, waits for
 * all of them at once, and reports its peak RSS (the client side only; the mock is the parent).
 */
import { MindVideo } from "../src/index.js";

const [baseUrl, count] = process.argv.slice(2) as [string, string];
const baselineRssMiB = Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
const mv = new MindVideo({ apiKey: "bench", baseUrl, maxRetries: 5 });
const started = performance.now();
const tasks = await Promise.all(Array.from({ length: Number(count) }, (_, i) => mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: `waiting ${i}` } })));
const done = await Promise.all(tasks.map((t) => mv.tasks.wait(t.task_id)));
process.stdout.write(JSON.stringify({ baselineRssMiB, succeeded: done.filter((t) => t.status === "succeeded").length, peakRssMiB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10, seconds: Math.round(performance.now() - started) / 1000 }));
