/** `npm run mock -- --help`: the mock API of both providers, see scripts/lib/mock-stack.ts. */
import { describeStack, exitWhenAChildDies, MOCK_HELP, parseMockArgs, stopOnSignals } from "./lib/mock-cli.js";
import { startMockStack } from "./lib/mock-stack.js";

async function main() {
  const options = parseMockArgs(process.argv.slice(2));
  if (options.help) return void console.log(MOCK_HELP);
  const stack = await startMockStack({ ...options, onViolation: (v) => console.log(`violation: ${v.line}`) });
  stopOnSignals(() => stack.stop());
  exitWhenAChildDies(stack, "mock", () => stack.stop());
  console.log(describeStack(stack, options));
}

main().catch((error: unknown) => {
  console.error(`mock: ${(error as Error).message}`);
  process.exit(1);
});
