/**
 * `npm run mock [-- --stateful] [--mindvideo-port 4010] [--gateway-port 4011] [--host 127.0.0.1]
 *   [--dynamic] [--queued-ms 1000] [--processing-ms 4000]`
 */
import { parseArgs } from "node:util";
import { startMockStack, type MockStack, type MockStackOptions } from "./lib/mock-stack.js";

export const MOCK_USAGE = "usage: npm run mock -- [--stateful] [--dynamic] [--mindvideo-port N] [--gateway-port N] [--host H] [--queued-ms N] [--processing-ms N]";

export function parseMockArgs(argv: string[]): MockStackOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      stateful: { type: "boolean", default: false },
      dynamic: { type: "boolean", default: false },
      "mindvideo-port": { type: "string", default: "4010" },
      "gateway-port": { type: "string", default: "4011" },
      host: { type: "string", default: "127.0.0.1" },
      "queued-ms": { type: "string", default: "1000" },
      "processing-ms": { type: "string", default: "4000" },
    },
  });
  const int = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number (got ${value})\n${MOCK_USAGE}`);
    return n;
  };
  return {
    stateful: values.stateful,
    dynamic: values.dynamic,
    host: values.host,
    mindvideoPort: int("mindvideo-port", values["mindvideo-port"]),
    gatewayPort: int("gateway-port", values["gateway-port"]),
    timing: { queuedMs: int("queued-ms", values["queued-ms"]), processingMs: int("processing-ms", values["processing-ms"]) },
  };
}

/** Runs `stop` on Ctrl-C or SIGTERM, then exits. */
export function stopOnSignals(stop: () => Promise<unknown>): void {
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    stop().finally(() => process.exit(code));
  };
  process.once("SIGINT", () => shutdown(130));
  process.once("SIGTERM", () => shutdown(143));
}

export function describeStack(stack: MockStack, options: MockStackOptions): string {
  const mode = options.stateful ? "stateful: task simulator behind prism proxy, which logs every spec violation" : options.dynamic ? "static, dynamic responses" : "static examples";
  return [
    `Mock API (${mode}):`,
    `  MindVideo task API   ${stack.mindvideo.url}   e.g. POST ${stack.mindvideo.url}/api/v1/tasks`,
    `  Video gateway        ${stack.gateway.url}   e.g. POST ${stack.gateway.url}/v1/videos/generations`,
    "Any bearer key works; requests without one get 401. Ctrl-C stops everything.",
  ].join("\n");
}

async function main() {
  const options = parseMockArgs(process.argv.slice(2));
  const stack = await startMockStack(options);
  stopOnSignals(() => stack.stop());
  console.log(describeStack(stack, options));
}

if (process.argv[1]?.endsWith("mock.ts")) {
  main().catch((error: unknown) => {
    console.error(`mock: ${(error as Error).message}`);
    process.exit(1);
  });
}
