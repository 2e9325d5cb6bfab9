/** The bench's jobs, in a file of their own so the memory child's bundle holds the batch runner and nothing of the simulator. */
import type { BatchJob } from "../src/node/batch/index.js";

export function benchJobs(count: number, tag: string): BatchJob[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${tag}-${i}`, model: "doubao-seedance-2-0-fast", input: { prompt: `bench ${tag} ${i}`, resolution: "720p", duration: 5 } }));
}
