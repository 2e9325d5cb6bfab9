/**
 * Starts Prism (mock or validating proxy) as a child process and waits until it answers.
 * Used by `npm run mock`, `npm start` and the tests' global setup.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { generatedDir } from "./paths.js";

export type PrismMode = { mode: "mock"; dynamic?: boolean } | { mode: "proxy"; upstream: string };

export interface PrismOptions {
  api: "mindvideo" | "gateway";
  port: number;
  host?: string;
  /** Fail requests (and proxied responses) that violate the spec instead of only logging them. */
  errors?: boolean;
}

export interface PrismProcess {
  url: string;
  pid: number;
  /** The last 64 KiB Prism printed (bounded: Prism logs every request). */
  output(): string;
  /** Resolves when the process exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop(): Promise<void>;
}

const OUTPUT_TAIL = 64 * 1024;

const prismCli = createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");

export function bundledDocument(api: PrismOptions["api"]): string {
  return join(generatedDir, "openapi", `${api}.json`);
}

/** Resolves when `port` can be bound on `host`; rejects with a clear message when it is taken. */
export function assertPortFree(port: number, host = "127.0.0.1"): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === "EADDRINUSE" ? `port ${port} on ${host} is already in use: stop what holds it or pick another port` : `cannot listen on ${host}:${port}: ${error.message}`)),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** A port the OS considers free right now. */
/**
 * A port that is free now, for a process started next. Picked at random below Linux's ephemeral
 * range (32768–60999), where the kernel hands out port-0 listeners and outgoing connections' source
 * ports: a port from `listen(0)` could be taken by any connection another test opens before the child
 * binds it. Falls back to `listen(0)` if nothing below is free.
 */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if ((await tryListen(port, host)) !== undefined) return port;
  }
  const port = await tryListen(0, host);
  if (port === undefined) throw new Error(`no free port on ${host}`);
  return port;
}

function tryListen(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(undefined));
    probe.listen(port, host, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : undefined));
    });
  });
}

export async function startPrism(options: PrismOptions & PrismMode): Promise<PrismProcess> {
  const host = options.host ?? "127.0.0.1";
  await assertPortFree(options.port, host);
  const args =
    options.mode === "mock"
      ? ["mock", bundledDocument(options.api), ...(options.dynamic ? ["--dynamic"] : [])]
      : ["proxy", bundledDocument(options.api), options.upstream];
  args.push("--port", String(options.port), "--host", host, "--errors", String(options.errors ?? false));
  const child = spawn(process.execPath, [prismCli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > OUTPUT_TAIL) output = output.slice(-OUTPUT_TAIL);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const url = `http://${host}:${options.port}`;
  await waitUntilListening(child, url, () => output);
  return {
    url,
    pid: child.pid!,
    output: () => output,
    exited,
    stop: () => stopChild(child),
  };
}

async function waitUntilListening(child: ChildProcess, url: string, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode} before listening:\n${output().slice(-2000)}`);
    if (/Prism is listening on/.test(output())) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopChild(child);
  throw new Error(`Prism did not listen on ${url} within ${timeoutMs} ms:\n${output().slice(-2000)}`);
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
