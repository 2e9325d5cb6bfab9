/**
 * Child process for memory while waiting: creates `count` tasks on the mock at `baseUrl` at once,
 * waits for all of them at once, and reports its peak RSS (the client side only; the mock is the
 * parent), and the heap each sleeping wait keeps (measured after a GC while no request is in flight).
 * With `raw`, the same creates and waits are done with plain fetch and a fixed 1 s poll: the
 * runtime's own cost of that many requests, for reference.
 */
import { MindVideo } from "../src/index.js";

const [baseUrl, count, mode] = process.argv.slice(2) as [string, string, string | undefined];
const gc = (globalThis as { gc?: () => void }).gc;
const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const liveHeap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const baselineRssMiB = mib(process.memoryUsage().rss);
let inFlight = 0;
const counted: typeof fetch = async (input, init) => {
  inFlight++;
  try {
    return await fetch(input, init);
  } finally {
    inFlight--;
  }
};
const headers = { authorization: "Bearer bench", "content-type": "application/json" };
const mv = new MindVideo({ apiKey: "bench", baseUrl, maxRetries: 5, fetch: counted });
const terminal = new Set(["succeeded", "failed", "cancelled"]);

/** A plain poller: a GET a second, a failed one (a reused keep-alive socket reset) simply tried again. */
async function rawWait(id: string): Promise<{ status: string }> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const task = (await counted(`${baseUrl}/api/v1/tasks/${id}`, { headers }).then((r) => r.json(), () => undefined)) as { status: string } | undefined;
    if (task && terminal.has(task.status)) return task;
  }
}

async function rawCreate(i: number): Promise<{ task_id: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await counted(`${baseUrl}/api/v1/tasks`, { method: "POST", headers, body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: `waiting ${i}` } }) });
      return (await response.json()) as { task_id: string };
    } catch (error) {
      if (attempt > 5) throw error;
    }
  }
}

const started = performance.now();
const create = (i: number) =>
  mode === "raw"
    ? rawCreate(i)
    : mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: `waiting ${i}` } });
const tasks = await Promise.all(Array.from({ length: Number(count) }, (_, i) => create(i)));
const heapWithTasks = liveHeap();
const waitsStarted = performance.now();
// The heap the waits keep while they sleep: sampled once (almost) no request is in flight, between polls.
let retainedPerWaitKB: number | undefined;
const sampler = setInterval(() => {
  if (inFlight > Number(count) / 100 || performance.now() - waitsStarted < 1_500) return;
  retainedPerWaitKB = Math.round((liveHeap() - heapWithTasks) / Number(count) / 102.4) / 10;
  clearInterval(sampler);
}, 200);
const done = await Promise.all(tasks.map((t) => (mode === "raw" ? rawWait(t.task_id) : mv.tasks.wait(t.task_id))));
clearInterval(sampler);
process.stdout.write(
  JSON.stringify({
    baselineRssMiB,
    succeeded: done.filter((t) => t.status === "succeeded").length,
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    retainedPerWaitKB,
    seconds: Math.round(performance.now() - started) / 1000,
  }),
);
