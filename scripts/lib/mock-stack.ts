/**
 * The mock API both ways, each port behind the same web-standard front (src/simulator/front.ts),
 * which checks every request and every answer against the contract:
 * - static: Prism serves the spec's examples (choose with `Prefer: code=… / example=… / dynamic=true`),
 *   as a supervised child on an internal port that only the front talks to;
 * - stateful: the task simulator, in this process.
 */
import { Agent, request as httpRequest } from "node:http";
import { createFront } from "../../src/simulator/front.js";
import { createSimulator, type Simulator, type Timing } from "../../src/simulator/index.js";
import { createViolationLog, type Violation, type ViolationLog } from "../../src/simulator/violations.js";
import { assertPortFree, freePort, startPrism, type PrismProcess } from "./prism.js";
import { serveIncoming, type WebServer } from "./serve-web.js";

export type ApiName = "mindvideo" | "gateway";

export interface MockStackOptions {
  /** 0: a port the OS picks at bind time (read the URL from the stack), which no other process can take first. */
  mindvideoPort: number;
  gatewayPort: number;
  host?: string | undefined;
  stateful?: boolean | undefined;
  /** Static mode: generate responses from the schemas instead of the examples. */
  dynamic?: boolean | undefined;
  /** Static mode: forward to these running Prism mocks instead of starting (and supervising) our own. */
  prismUrls?: Readonly<Record<ApiName, string>> | undefined;
  timing?: Timing | undefined;
  callbackTimeScale?: number | undefined;
  /** How long output links work after a task ends. Default: the simulator's (24 h scaled by timing). */
  linkTtlMs?: number | undefined;
  /** Pad each output file the stateful mock serves to at least this many bytes. */
  outputBytes?: number | undefined;
  /** Stateful mode: send `Retry-After` (whole seconds left) while a MindVideo task runs. Default: true. */
  pollHints?: boolean | undefined;
  /** Called once per violation (request or answer breaking the contract). */
  onViolation?: ((violation: Violation) => void) | undefined;
  /** Violations kept for GET /__mock/violations. Default 500. */
  maxViolations?: number | undefined;
}

/** A child process the stack depends on; when one dies the stack is broken. */
export interface StackChild {
  name: string;
  pid: number;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

export interface MockStack {
  mindvideo: { url: string };
  gateway: { url: string };
  simulator?: Simulator | undefined;
  violations: ViolationLog;
  children: StackChild[];
  /** Resolves when a child dies unexpectedly (never during stop()). */
  childDied: Promise<StackChild & { code: number | null; signal: string | null }>;
  stop(): Promise<void>;
}

const PORT_FLAGS: Record<ApiName, string> = { mindvideo: "--mindvideo-port", gateway: "--gateway-port" };

export async function startMockStack(options: MockStackOptions): Promise<MockStack> {
  const host = options.host ?? "127.0.0.1";
  // Check both ports before starting anything, so a taken port fails fast and leaves nothing behind.
  for (const api of ["mindvideo", "gateway"] as const) {
    await assertPortFree(api === "mindvideo" ? options.mindvideoPort : options.gatewayPort, host).catch((error: Error) => {
      throw new Error(`${error.message} (move it with ${PORT_FLAGS[api]})`);
    });
  }
  const violations = createViolationLog({ max: options.maxViolations, onViolation: options.onViolation });
  const started: { stop(): Promise<void> }[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    simulator?.close();
    await Promise.all(started.splice(0).map((part) => part.stop()));
  };
  let simulator: Simulator | undefined;
  const children: StackChild[] = [];
  try {
    // Stateful: no upstream, so the front hands checked requests to the simulator as they are.
    const upstreams = {} as Partial<Record<ApiName, (request: Request) => Promise<Response>>>;
    if (options.stateful) {
      simulator = createSimulator({ timing: options.timing, callbackTimeScale: options.callbackTimeScale, linkTtlMs: options.linkTtlMs, outputBytes: options.outputBytes, pollHints: options.pollHints, allowLoopbackCallbacks: true });
    } else if (options.prismUrls) {
      for (const api of ["mindvideo", "gateway"] as const) {
        const prism = { url: options.prismUrls[api] };
        upstreams[api] = (request) => forwardTo(prism, request);
      }
    } else {
      const prisms = await Promise.all(
        (["mindvideo", "gateway"] as const).map(async (api) => startPrism({ api, port: await freePort(host), host: "127.0.0.1", mode: "mock", dynamic: options.dynamic ?? false })),
      );
      prisms.forEach((prism, i) => {
        const api = (["mindvideo", "gateway"] as const)[i]!;
        started.push(prism);
        children.push({ name: `Prism (${api} static examples, pid ${prism.pid})`, pid: prism.pid, exited: prism.exited });
        upstreams[api] = (request) => forwardTo(prism, request);
      });
    }
    const servers: Record<string, WebServer> = {};
    for (const api of ["mindvideo", "gateway"] as const) {
      const front = createFront({ api, upstream: upstreams[api], simulator, violations });
      const server = await serveIncoming(front.answer, api === "mindvideo" ? options.mindvideoPort : options.gatewayPort, host).catch((error: NodeJS.ErrnoException) => {
        throw new Error(error.code === "EADDRINUSE" ? `port ${api === "mindvideo" ? options.mindvideoPort : options.gatewayPort} on ${host} is already in use (move it with ${PORT_FLAGS[api]})` : error.message);
      });
      started.push(server);
      servers[api] = server;
    }
    const childDied = new Promise<StackChild & { code: number | null; signal: string | null }>((resolve) => {
      for (const child of children) void child.exited.then((how) => (stopping ? undefined : resolve({ ...child, ...how })));
    });
    return { mindvideo: { url: servers.mindvideo!.url }, gateway: { url: servers.gateway!.url }, simulator, violations, children, childDied, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Keep-alive connections to the Prism children (fetch's pool stalls under concurrency against Prism). */
const prismAgent = new Agent({ keepAlive: true, maxSockets: 32 });

/** Passes a checked request to Prism; the front checks what comes back. */
async function forwardTo(prism: Pick<PrismProcess, "url">, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : Buffer.from(await request.arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (name !== "host" && name !== "connection" && name !== "content-length" && name !== "transfer-encoding") headers[name] = value;
  });
  if (body) headers["content-length"] = String(body.byteLength);
  const target = new URL(prism.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, method: request.method, path: `${url.pathname}${url.search}`, headers, agent: prismAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(", ") : value);
        resolve(new Response(res.statusCode === 204 ? null : Buffer.concat(chunks), { status: res.statusCode!, headers: out }));
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}
