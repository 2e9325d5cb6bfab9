import { cpus, loadavg, totalmem, type, release } from "node:os";
import { performance } from "node:perf_hooks";

export interface Throughput {
  opsPerSec: number;
  /** Median of the rounds. */
  rounds: number[];
}

/** Runs `fn` back to back for `ms` per round, several rounds, interleaving candidates to share noise. */
/** How long each candidate runs, how often, and how many calls warm it up first (default 200: connections, inline caches, lazy modules). */
export interface RoundOptions {
  roundMs: number;
  rounds: number;
  warmUpCalls?: number;
}

export async function throughput(candidates: Record<string, () => Promise<unknown>>, options: RoundOptions): Promise<Record<string, Throughput>> {
  const results: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
  for (const fn of Object.values(candidates)) for (let i = 0; i < (options.warmUpCalls ?? 200); i++) await fn();
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, fn] of Object.entries(candidates)) {
      let ops = 0;
      const start = performance.now();
      while (performance.now() - start < options.roundMs) {
        await fn();
        ops++;
      }
      results[name]!.push((ops * 1000) / (performance.now() - start));
    }
  }
  return Object.fromEntries(Object.entries(results).map(([name, rounds]) => [name, { opsPerSec: Math.round(median(rounds)), rounds: rounds.map(Math.round) }]));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function machine() {
  const cpu = cpus();
  return { cpu: cpu[0]?.model ?? "unknown", cores: cpu.length, memoryGiB: round(totalmem() / 2 ** 30, 1), os: `${type()} ${release()}`, node: process.version };
}

/** Like throughput(), but each candidate keeps `inFlight` calls going at once; ops/s of completed calls. */
export async function concurrentThroughput(candidates: Record<string, () => Promise<unknown>>, options: RoundOptions & { inFlight: number }): Promise<Record<string, Throughput>> {
  const results: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
  const warmUpPerSlot = Math.ceil((options.warmUpCalls ?? 320) / options.inFlight);
  for (const fn of Object.values(candidates)) await Promise.all(Array.from({ length: options.inFlight }, async () => { for (let i = 0; i < warmUpPerSlot; i++) await fn(); }));
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, fn] of Object.entries(candidates)) {
      let ops = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: options.inFlight }, async () => {
          while (performance.now() - start < options.roundMs) {
            await fn();
            ops++;
          }
        }),
      );
      results[name]!.push((ops * 1000) / (performance.now() - start));
    }
  }
  return Object.fromEntries(Object.entries(results).map(([name, rounds]) => [name, { opsPerSec: Math.round(median(rounds)), rounds: rounds.map(Math.round) }]));
}

/** The machine's load while the bench runs (1-minute load average per core), so figures can be read with it. */
export function load(): { loadAverage1m: number; perCore: number } {
  const l = loadavg()[0] ?? 0;
  return { loadAverage1m: round(l), perCore: round(l / Math.max(1, cpus().length)) };
}
