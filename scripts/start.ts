/**
 * `npm start [-- mock options] [--docs-port 4012]`: the main job. Regenerates (nothing to do when
 * generated/ is fresh), builds the docs, starts the stateful mock of both APIs and serves the docs,
 * then prints the URLs. Ctrl-C stops everything.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { buildDocs, docsDir } from "./docs.js";
import { startMockStack } from "./lib/mock-stack.js";
import { assertPortFree } from "./lib/prism.js";
import { repoRoot } from "./lib/paths.js";
import { serveStatic } from "./lib/static-server.js";
import { describeStack, parseMockArgs, stopOnSignals } from "./mock.js";

async function main() {
  const argv = process.argv.slice(2);
  const docsPortIndex = argv.indexOf("--docs-port");
  const docsPort = docsPortIndex === -1 ? 4012 : Number(argv.splice(docsPortIndex, 2)[1]);
  const options = { ...parseMockArgs(argv), stateful: true };

  execFileSync(process.execPath, [join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"), join(repoRoot, "scripts", "generate.ts")], { stdio: "inherit" });
  buildDocs();
  console.log("docs built in dist/docs");

  await assertPortFree(docsPort, options.host);
  const stack = await startMockStack(options);
  const docs = await serveStatic(docsDir, docsPort, options.host).catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  stopOnSignals(() => Promise.all([stack.stop(), docs.stop()]));
  console.log(`${describeStack(stack, options)}\nAPI docs             ${docs.url}/  (MindVideo: ${docs.url}/mindvideo.html, gateway: ${docs.url}/gateway.html, models: ${docs.url}/models.html)`);
}

main().catch((error: unknown) => {
  console.error(`start: ${(error as Error).message}`);
  process.exit(1);
});
