/**
 * The stateful mock (both APIs) plus a local server for the output files the mock links to
 * (under /__mock/outputs/), reached through a recording fetch handed to the providers: the output
 * server answers distinct bytes per path, and can turn hostile (endless).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startMockStack, type MockStack } from "../../scripts/lib/mock-stack.js";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MP4 = [0, 0, 0, 0x18, ...Array.from("ftypmp42", (c) => c.charCodeAt(0))];

/** What the output server answers for a path: the format's signature, then the path, so each file is distinct. */
export function servedBytes(path: string): Uint8Array {
  return new Uint8Array([...(path.endsWith(".png") ? PNG : MP4), ...new TextEncoder().encode(path)]);
}

export interface Harness {
  stack: MockStack;
  /** API requests (downloads excluded), in order. */
  requests: RecordedRequest[];
  downloads: string[];
  fetch: (request: Request) => Promise<Response>;
  /** Fetches an output link the way an app would, through the output server. */
  download: (options: { url: URL }) => Promise<{ data: Uint8Array; mediaType: string | undefined }>;
  /** Next output downloads never end (a hostile CDN). */
  endless: { on: boolean };
  creates(): RecordedRequest[];
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const endless = { on: false };
  const outputs: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (endless.on) {
      res.writeHead(200, { "content-type": "image/png" });
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
      return;
    }
    res.writeHead(200, { "content-type": path.endsWith(".png") ? "image/png" : "video/mp4" });
    res.end(servedBytes(path));
  });
  await new Promise<void>((resolve) => outputs.listen(0, "127.0.0.1", resolve));
  const outputsUrl = `http://127.0.0.1:${(outputs.address() as AddressInfo).port}`;
  let stack: MockStack;
  try {
    stack = await startMockStack({ stateful: true, mindvideoPort: 0, gatewayPort: 0, timing: { queuedMs: 50, processingMs: 250 }, linkTtlMs: 24 * 3600_000 });
  } catch (error) {
    outputs.close();
    throw error;
  }
  const requests: RecordedRequest[] = [];
  const downloads: string[] = [];
  const toOutputs = (url: URL) => `${outputsUrl}${url.pathname}`;
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    // Output links: the old example.com ones and the mock's own (/__mock/outputs/…) go to the output server.
    if (url.host === "example.com" || url.pathname.startsWith("/__mock/outputs/")) {
      downloads.push(request.url);
      return globalThis.fetch(new Request(toOutputs(url), { signal: request.signal }));
    }
    const body = request.method === "GET" ? "" : await request.clone().text();
    requests.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers.entries()), body });
    return globalThis.fetch(request);
  };
  const download = async ({ url }: { url: URL }) => {
    const response = await globalThis.fetch(toOutputs(url));
    return { data: new Uint8Array(await response.arrayBuffer()), mediaType: response.headers.get("content-type") ?? undefined };
  };
  return {
    stack,
    requests,
    downloads,
    fetch,
    download,
    endless,
    creates: () => requests.filter((r) => r.method === "POST"),
    stop: async () => {
      outputs.closeAllConnections();
      await Promise.all([stack.stop(), new Promise<void>((resolve) => outputs.close(() => resolve()))]);
    },
  };
}
