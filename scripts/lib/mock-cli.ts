/** The mock command's arguments, help and process handling, shared by `npm run mock` and `npm start`. */
import { parseArgs } from "node:util";
import { MAX_BODY_BYTES } from "../../src/simulator/index.js";
import type { MockStack, MockStackOptions } from "./mock-stack.js";

export const MOCK_USAGE = "usage: npm run mock -- [--stateful] [--dynamic] [--mindvideo-port N] [--gateway-port N] [--host H] [--queued-ms N] [--processing-ms N] [--help]";

export const MOCK_HELP = `${MOCK_USAGE}

The mock API of both providers. Every request and answer is checked against the contract; each
violation is printed as one line and kept for GET /__mock/violations.

  --stateful          task simulator (tasks progress, callbacks, idempotency, output files)
                      instead of the spec's static examples                    default: off
  --dynamic           static mode: answers generated from the schemas          default: off
  --mindvideo-port N  MindVideo task API port                                   default: 4010
  --gateway-port N    video gateway port                                        default: 4011
  --host H            interface to listen on                                    default: 127.0.0.1
  --queued-ms N       stateful: time a task stays queued                        default: 1000
  --processing-ms N   stateful: time a task spends processing                   default: 4000
  --help              this text

Request bodies over ${MAX_BODY_BYTES} bytes get 413. Control routes on each port: GET /__mock/tasks,
POST /__mock/reset, GET /__mock/violations, GET|PUT /__mock/scenario; header x-mock-scenario.`;

export class UsageError extends Error {}

export function parseMockArgs(argv: string[]): MockStackOptions & { help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stateful: { type: "boolean", default: false },
        dynamic: { type: "boolean", default: false },
        "mindvideo-port": { type: "string", default: "4010" },
        "gateway-port": { type: "string", default: "4011" },
        host: { type: "string", default: "127.0.0.1" },
        "queued-ms": { type: "string", default: "1000" },
        "processing-ms": { type: "string", default: "4000" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${MOCK_USAGE}`);
  }
  const int = (name: string, value: string, max = Number.MAX_SAFE_INTEGER) => {
    const n = Number(value);
    if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number (got ${value})\n${MOCK_USAGE}`);
    if (n > max) throw new UsageError(`--${name} must be at most ${max} (got ${value})\n${MOCK_USAGE}`);
    return n;
  };
  return {
    help: values.help,
    stateful: values.stateful,
    dynamic: values.dynamic,
    host: values.host,
    mindvideoPort: int("mindvideo-port", values["mindvideo-port"], 65_535),
    gatewayPort: int("gateway-port", values["gateway-port"], 65_535),
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
  process.once("SIGHUP", () => shutdown(129));
  // npm and npx do not always pass a SIGTERM on: when the process that started us is gone, stop too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown(143);
  }, 500).unref();
}

/** When a child the stack depends on dies: say which, stop the rest, exit 1. */
export function exitWhenAChildDies(stack: MockStack, script: string, stopAll: () => Promise<unknown>): void {
  void stack.childDied.then(async (child) => {
    console.error(`${script}: ${child.name} exited (${child.signal ? `signal ${child.signal}` : `code ${child.code}`}); stopping everything`);
    await stopAll();
    process.exit(1);
  });
}

export function describeStack(stack: MockStack, options: MockStackOptions): string {
  const mode = options.stateful ? "stateful: the task simulator" : options.dynamic ? "static, answers generated from the schemas" : "static: the spec's examples, choose with Prefer";
  return [
    `Mock API (${mode}; every request and answer checked against the contract):`,
    `  MindVideo task API   ${stack.mindvideo.url}   e.g. POST ${stack.mindvideo.url}/api/v1/tasks`,
    `  Video gateway        ${stack.gateway.url}   e.g. POST ${stack.gateway.url}/v1/videos/generations`,
    `  Control              ${stack.mindvideo.url}/__mock/violations, /__mock/tasks, /__mock/reset, /__mock/scenario`,
    ...stack.children.map((child) => `  Child                ${child.name}`),
    "Any bearer key works; requests without one get 401. Violations print below, one line each. Ctrl-C stops everything.",
  ].join("\n");
}
