/**
 * A static file server for dist/docs (Redoc's ES module needs http://, not file://), on sirv: path
 * normalisation, malformed escapes and traversal are its job, not a hand-written copy. Port 0 picks a free one.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sirv from "sirv";

export function serveStatic(root: string, port: number, host = "127.0.0.1"): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  const files = sirv(root, { dev: true, dotfiles: false, etag: true });
  const server: Server = createServer((req, res) => {
    try {
      files(req, res, () => void res.writeHead(404, { "content-type": "text/plain" }).end("not found"));
    } catch {
      // sirv decodes the path itself; a malformed escape is a bad request, never a crash.
      if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" }).end("bad request");
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () =>
      resolve({ url: `http://${host}:${(server.address() as AddressInfo).port}`, server, stop: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) }),
    );
  });
}
