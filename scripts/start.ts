/**
 * `npm start [-- mock options] [--docs-port 4012] [--help]`: the main job. Regenerates (nothing to do
 * when generated/ is fresh), builds the docs, starts the stateful mock of both APIs and serves the
 * docs, then prints the URLs. Ctrl-C or SIGTERM stops everything.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { buildDocs, docsDir } from "./lib/docs-build.js";
import { startMockStack } from "./lib/mock-stack.js";
import { assertPortFree } from "./lib/prism.js";
import { repoRoot } from "./lib/paths.js";
import { serveStatic } from "./lib/static-server.js";
import { describeStack, exitWhenAChildDies, MOCK_HELP, parseMockArgs, stopOnSignals, UsageError } from "./lib/mock-cli.js";

export const START_HELP = `usage: npm start -- [--docs-port N] [mock options]

Regenerates generated/ when the spec changed, builds the docs, then serves the stateful mock of both
APIs and the docs. Ctrl-C or SIGTERM stops everything.

  --docs-port N       docs server port                                          default: 4012

Mock options (always stateful here):
${MOCK_HELP.split("\n").filter((line) => line.startsWith("  --") && !line.startsWith("  --stateful") && !line.startsWith("  --dynamic") && !line.startsWith("  --help")).join("\n")}`;

export function parseStartArgs(argv: string[]) {
  const rest = [...argv];
  const index = rest.indexOf("--docs-port");
  const raw = index === -1 ? "4012" : rest.splice(index, 2)[1];
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) > 65_535) throw new UsageError(`--docs-port must be a whole number up to 65535 (got ${raw ?? "nothing"})`);
  return { docsPort: Number(raw), ...parseMockArgs(rest), stateful: true };
}

async function main() {
  const options = parseStartArgs(process.argv.slice(2));
  if (options.help) return void console.log(START_HELP);

  execFileSync(process.execPath, [join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"), join(repoRoot, "scripts", "generate.ts")], { stdio: "inherit" });
  buildDocs();
  console.log("docs built in dist/docs");

  await assertPortFree(options.docsPort, options.host).catch((error: Error) => {
    throw new Error(`${error.message} (move it with --docs-port)`);
  });
  const stack = await startMockStack({ ...options, onViolation: (v) => console.log(`violation: ${v.line}`) });
  const docs = await serveStatic(docsDir, options.docsPort, options.host).catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  const stopAll = () => Promise.all([stack.stop(), docs.stop()]);
  stopOnSignals(stopAll);
  exitWhenAChildDies(stack, "start", stopAll);
  console.log(`${describeStack(stack, options)}\nAPI docs             ${docs.url}/  (MindVideo: ${docs.url}/mindvideo.html, gateway: ${docs.url}/gateway.html, models: ${docs.url}/models.html)`);
}

main().catch((error: unknown) => {
  console.error(`start: ${(error as Error).message}`);
  process.exit(1);
});
