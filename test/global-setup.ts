/**
 * Starts what the integration tests share, once per run: one static Prism mock per API on free
 * ports (the contract tests) and one headless Chromium (the browser tests connect to it instead of
 * launching their own); stops them after.
 */
import type { BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { freePort, startPrism, type PrismProcess } from "../scripts/lib/prism.js";
import { launchChromiumServer } from "./helpers/browser.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismMindVideoUrl: string;
    prismGatewayUrl: string;
    /** Empty when Chromium could not start here: a browser test then launches its own (and says what to install). */
    chromiumWsEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const [mindvideo, gateway, chromium] = await Promise.allSettled([
    freePort().then((port) => startPrism({ api: "mindvideo", port, mode: "mock" })),
    freePort().then((port) => startPrism({ api: "gateway", port, mode: "mock" })),
    launchChromiumServer(),
  ]);
  const prisms = [mindvideo, gateway].flatMap((p) => (p.status === "fulfilled" ? [p.value] : []));
  const browser: BrowserServer | undefined = chromium.status === "fulfilled" ? chromium.value : undefined;
  const stopAll = async () => void (await Promise.all([...prisms.map((p: PrismProcess) => p.stop()), browser?.close()]));
  if (mindvideo.status === "rejected" || gateway.status === "rejected") {
    await stopAll();
    throw mindvideo.status === "rejected" ? mindvideo.reason : (gateway as PromiseRejectedResult).reason;
  }
  project.provide("prismMindVideoUrl", mindvideo.value.url);
  project.provide("prismGatewayUrl", gateway.value.url);
  project.provide("chromiumWsEndpoint", browser?.wsEndpoint() ?? "");
  return stopAll;
}
