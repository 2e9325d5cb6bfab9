/** Starts one static Prism mock per API on free ports for the contract tests, and stops them after. */
import type { TestProject } from "vitest/node";
import { freePort, startPrism, type PrismProcess } from "../scripts/lib/prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismMindVideoUrl: string;
    prismGatewayUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const started: PrismProcess[] = [];
  try {
    const [mindvideo, gateway] = await Promise.all([
      freePort().then((port) => startPrism({ api: "mindvideo", port, mode: "mock" })),
      freePort().then((port) => startPrism({ api: "gateway", port, mode: "mock" })),
    ]);
    started.push(mindvideo, gateway);
    project.provide("prismMindVideoUrl", mindvideo.url);
    project.provide("prismGatewayUrl", gateway.url);
  } catch (error) {
    await Promise.all(started.map((p) => p.stop()));
    throw error;
  }
  return async () => {
    await Promise.all(started.map((p) => p.stop()));
  };
}
