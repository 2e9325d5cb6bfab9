/**
 * 1. The client beside the SDKs people would pick instead: reading one ~300-byte task from one local
 * keep-alive server, sequentially and 16 in flight (ratios to raw fetch), and the heap each call
 * allocates (measured in a child process with collections held off).
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../../scripts/lib/paths.js";
import { concurrentThroughput, round, throughput, type Throughput } from "../lib.js";
import { withShippedClient, type RootEntry } from "../shipped.js";
import { candidates, PEER_NAMES } from "./candidates.js";
import { startTaskServer } from "./server.js";

const exec = promisify(execFile);
const PEERS = ["openapiFetch", "replicate", "openai", "falClient"] as const;

function ratios(results: Record<string, Throughput>) {
  const raw = results.rawFetch!.opsPerSec;
  const byName = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, { opsPerSec: r.opsPerSec, ratioVsRawFetch: round(r.opsPerSec / raw) }]));
  const fastestPeer = PEERS.reduce((a, b) => (results[b]!.opsPerSec > results[a]!.opsPerSec ? b : a));
  const mv = byName.mindvideo!.ratioVsRawFetch;
  return { byName, fastestPeer, met: mv >= 0.9 && results.mindvideo!.opsPerSec >= results[fastestPeer]!.opsPerSec, rounds: Object.fromEntries(Object.entries(results).map(([n, r]) => [n, r.rounds])) };
}

async function heapPerCall(baseUrl: string, quick: boolean) {
  const out: Record<string, number> = {};
  // One process per candidate when measuring (no candidate's garbage or lazy modules in another's figure); one for all in the smoke pass.
  for (const names of quick ? [PEER_NAMES.join(",")] : PEER_NAMES) {
    const { stdout } = await exec(process.execPath, ["--import", "tsx", "--expose-gc", "--max-semi-space-size=64", join(repoRoot, "bench/peers/heap-child.ts"), baseUrl, names, quick ? "20" : "300", quick ? "10" : "200"], { cwd: repoRoot });
    Object.assign(out, (JSON.parse(stdout) as { bytesPerCall: Record<string, number> }).bytesPerCall);
  }
  const raw = out.rawFetch!;
  return { bytesPerCall: out, ratioVsRawFetch: Object.fromEntries(Object.entries(out).map(([n, b]) => [n, round(b / raw)])), met: out.mindvideo! <= raw * 1.1 };
}

export function peers(quick: boolean) {
  // mindvideo is timed as shipped (plain Node on dist/esm's bundles), as the peers run.
  return withShippedClient((root) => measure(root.MindVideo, quick));
}

async function measure(Client: RootEntry["MindVideo"], quick: boolean) {
  const server = await startTaskServer();
  try {
    const calls = candidates(server.url, Client);
    const options = quick ? { roundMs: 50, rounds: 1, warmUpCalls: 16 } : { roundMs: 1_000, rounds: 7 };
    const sequential = ratios(await throughput(calls, options));
    const inFlight16 = ratios(await concurrentThroughput(calls, { ...options, inFlight: 16 }));
    const heap = await heapPerCall(server.url, quick);
    return { sequential, inFlight16, heap, target: "≥ 0.9× raw fetch sequential and 16 in flight, ≥ the fastest peer SDK; heap per call ≤ 1.1× raw fetch" };
  } finally {
    await server.close();
  }
}
