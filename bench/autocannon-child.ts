/**
 * Child process for the mock benchmark: `node --import tsx autocannon-child.ts '<runs as JSON>'`
 * runs each autocannon run in turn and prints their results as one JSON array. One process for all
 * runs: the load generator never shares the servers' thread, and it starts once instead of per run.
 */
import autocannon from "autocannon";

export interface Run {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  connections: number;
  /** Seconds when measuring, or a number of requests for the smoke pass. */
  length: { seconds: number } | { requests: number };
}

export interface RunResult {
  rps: number;
  non2xx: number;
  errors: number;
}

const runs = JSON.parse(process.argv[2] ?? "[]") as Run[];
const results: RunResult[] = [];
for (const run of runs) {
  // A counted run ends at autocannon's next sample tick (a second by default): tick often so it ends when its requests do.
  const span = "seconds" in run.length ? { duration: run.length.seconds } : { amount: run.length.requests, sampleInt: 20 };
  const result = await autocannon({ url: run.url, method: run.method, headers: run.headers, ...(run.body === undefined ? {} : { body: run.body }), connections: run.connections, ...span });
  // autocannon's average is per whole second sampled: a sub-second run has none, so rate it from its total.
  const perSecond = "seconds" in run.length ? result.requests.average : result.requests.total / Math.max(result.duration, 0.001);
  results.push({ rps: Math.round(perSecond), non2xx: result.non2xx, errors: result.errors });
}
process.stdout.write(JSON.stringify(results));
