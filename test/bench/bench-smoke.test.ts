/** `npm run bench -- --quick`: a seconds-long pass so the benchmarks keep working. Its figures are not asserted (noisy machines). */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { repoRoot } from "../helpers/openapi.js";

describe("bench smoke run", () => {
  it("runs every section and writes results.json and results.md", async () => {
    const out = mkdtempSync(join(tmpdir(), "mindvideo-bench-"));
    try {
      await promisify(execFile)(process.execPath, [join(repoRoot, "node_modules/tsx/dist/cli.mjs"), join(repoRoot, "bench/run.ts"), "--quick", "--out", out, "--prism-mindvideo", inject("prismMindVideoUrl"), "--prism-gateway", inject("prismGatewayUrl")], { cwd: repoRoot });
      const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
      expect(results.quick).toBe(true);
      expect(Object.keys(results)).toEqual(expect.arrayContaining(["machine", "clientOverhead", "validation", "generation", "bundle", "polling", "peers", "startup", "mock", "waiting", "batch"]));
      expect(results.validation.rows).toHaveLength(4);
      expect(results.clientOverhead.get.opsPerSec.tasksGet.opsPerSec).toBeGreaterThan(0);
      expect(results.clientOverhead.get.opsPerSec.guardedFetch.opsPerSec).toBeGreaterThan(0);
      expect(results.bundle.rows[1].entryGzipBytes).toBeGreaterThan(results.bundle.rows[0].entryGzipBytes);
      expect(results.polling.rows[0].strategies["fixed 500 ms"].requests).toBeGreaterThan(10);
      // Every peer SDK answered through the same local server, sequentially and 16 in flight, with a heap figure.
      for (const mode of ["sequential", "inFlight16"]) for (const name of ["rawFetch", "guardedFetch", "mindvideo", "openapiFetch", "replicate", "openai", "falClient"]) expect(results.peers[mode].byName[name].opsPerSec).toBeGreaterThan(0);
      for (const name of ["rawFetch", "mindvideo", "replicate"]) expect(results.peers.heap.bytesPerCall[name]).toBeGreaterThan(1_000);
      for (const name of ["mindvideo", "openapiFetch", "replicate", "openai", "falClient"]) expect(results.startup.ms[name]).toBeGreaterThan(0);
      expect(results.mock.rows.map((row: { name: string }) => row.name)).toEqual(["stateful mock (front + simulator)", "simulator alone", "static Prism alone", "static mock (front + Prism)"]);
      expect(results.mock.rows[0].get.rps + results.mock.rows[0].create.rps).toBeGreaterThan(0);
      expect(results.waiting.succeeded).toBe(results.waiting.waits);
      expect(results.waiting.peakRssMB).toBeGreaterThan(0);
      const rowNames = Object.keys(results.polling.rows[0].strategies);
      expect(rowNames).toEqual(expect.arrayContaining(["wait(), progress only (MindVideo)", "wait(), task_info.estimated_time (gateway)", "wait(), no signal at all"]));
      expect(results.batch.rows.map((r: { concurrency: unknown }) => r.concurrency)).toEqual([1, 8, 64, "unbounded", "unbounded"]);
      for (const row of results.batch.rows) expect(row.jobsPerSec).toBeGreaterThan(0);
      expect(results.batch.memory.runs.map((r: { runner: string; transport: string; concurrency: number }) => [r.runner, r.transport, r.concurrency])).toEqual([["runBatch", "node:http (default)", 64], ["runBatch", "Node's fetch", 64], ["runBatch", "node:http (default)", 64], ["runBatch", "node:http (default)", 4], ["mindvideo batch (the CLI)", "node:http (default)", 4]]);
      expect(results.batch.memory.runtime).toMatch(/^plain node v\d+/);
      for (const run of results.batch.memory.runs) expect(run.peakRssMB).toBeGreaterThan(run.liveHeapMB);
      const markdown = readFileSync(join(out, "results.md"), "utf8");
      for (const heading of ["| target | measured in this run | result |", "Reading one ~300-byte task", "Import time of the root entry", "The mock", "Memory while waiting", "Client overhead", "Validation per input", "Batches", "Generation at scale", "Browser bundle", "Polling"]) expect(markdown).toContain(heading);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
