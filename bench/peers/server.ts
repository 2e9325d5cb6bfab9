/** One local keep-alive server that answers every GET with the same ~300-byte task, for every SDK. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const TASK_JSON = JSON.stringify({
  request_id: "req_01HZX3Q8K2",
  task_id: "task_1",
  id: "task_1",
  object: "video",
  model: "doubao-seedance-2-0-fast",
  status: "succeeded",
  progress: 100,
  created: 1767225600,
  cost_estimate: 0.0657,
  cost_actual: 0.0657,
  output: { videos: [{ url: "https://example.com/output/demo.mp4" }] },
  urls: { get: "https://example.com/p/task_1" },
});

export async function startTaskServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(TASK_JSON) }).end(TASK_JSON);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
