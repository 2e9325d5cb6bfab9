import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { startInstantSimulator } from "/work/wt/scale/bench/batch.ts";
const sim = await startInstantSimulator();
const child = "/tmp/bmc3.mjs";
await build({ entryPoints: ["/work/wt/scale/bench/batch-memory-child.ts"], bundle: true, platform: "node", format: "esm", outfile: child, logLevel: "warning", banner: { js: "import { createRequire } from \"node:module\"; const require = createRequire(import.meta.url);" } });
for (const flags of [["--max-old-space-size=64", "--max-semi-space-size=2"], []]) {
  const { stdout } = await promisify(execFile)(process.execPath, [...flags, "--expose-gc", child, sim.url, "10000", mkdtempSync(join(tmpdir(), "bm-"))]);
  console.log(flags.join(" "), stdout.trim());
}
await sim.close();
