/**
 * Starts what the integration tests share, once per run: one static Prism mock per API on free
 * ports (the contract tests) and one headless Chromium in a process of its own (the browser tests
 * connect to it instead of launching their own); stops them after.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startPrism, type PrismProcess } from "../scripts/lib/prism.js";
import { repoRoot } from "./helpers/openapi.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismMindVideoUrl: string;
    prismGatewayUrl: string;
    /** Empty when Chromium could not start here: a browser test then launches its own (and says what to install). */
    chromiumWsEndpoint: string;
  }
}

/** test/helpers/chromium-server.ts as a child process; resolves once it printed its endpoint. */
function startChromiumServer(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "test", "helpers", "chromium-server.ts")], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = "";
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const endpoint = /^(ws:\/\/\S+)$/m.exec(output)?.[1];
      if (endpoint) resolve({ endpoint, stop });
    });
    void exited.then(() => reject(new Error(`the Chromium server exited before it listened:\n${output}`)));
  });
}

export default async function setup(project: TestProject) {
  const [mindvideo, gateway, chromium] = await Promise.allSettled([
    freePort().then((port) => startPrism({ api: "mindvideo", port, mode: "mock" })),
    freePort().then((port) => startPrism({ api: "gateway", port, mode: "mock" })),
    startChromiumServer(),
  ]);
  const prisms = [mindvideo, gateway].flatMap((p) => (p.status === "fulfilled" ? [p.value] : []));
  const browser = chromium.status === "fulfilled" ? chromium.value : undefined;
  const stopAll = async () => void (await Promise.all([...prisms.map((p: PrismProcess) => p.stop()), browser?.stop()]));
  if (mindvideo.status === "rejected" || gateway.status === "rejected") {
    await stopAll();
    throw mindvideo.status === "rejected" ? mindvideo.reason : (gateway as PromiseRejectedResult).reason;
  }
  project.provide("prismMindVideoUrl", mindvideo.value.url);
  project.provide("prismGatewayUrl", gateway.value.url);
  project.provide("chromiumWsEndpoint", browser?.endpoint ?? "");
  return stopAll;
}
