/**
 * Child process for heap per call: `node --import tsx --expose-gc --max-semi-space-size=64
 * heap-child.ts <baseUrl> <name>[,<name>…] <calls> <warm-up calls>`. The young generation is large enough that no
 * collection runs during the calls, so the heap's growth is what they allocated. The server is in
 * the parent. The full bench measures one candidate per process; the quick smoke pass measures them
 * all in one process (its figures mean nothing, and a tsx start per candidate is most of its cost).
 */
import { candidates } from "./candidates.js";

const [baseUrl, names, count, warmUp] = process.argv.slice(2) as [string, string, string, string];
const calls = Number(count);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const bytesPerCall: Record<string, number> = {};
for (const name of names.split(",")) {
  const call = candidates(baseUrl)[name];
  if (!call) throw new Error(`unknown candidate ${name}`);
  for (let i = 0; i < Number(warmUp); i++) await call(); // warm-up: connections, inline caches, lazy modules
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < calls; i++) await call();
    samples.push((process.memoryUsage().heapUsed - before) / calls);
  }
  samples.sort((a, b) => a - b);
  bytesPerCall[name] = Math.round(samples[2]!);
}
process.stdout.write(JSON.stringify({ bytesPerCall }));
