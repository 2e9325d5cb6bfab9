/** A minimal static file server for dist/docs (Redoc's ES module needs http://, not file://). Port 0 picks a free one. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".svg": "image/svg+xml", ".css": "text/css", ".json": "application/json", ".png": "image/png" };

export function serveStatic(root: string, port: number, host = "127.0.0.1"): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!(file + sep).startsWith(root + sep) && file !== root) return void res.writeHead(403).end();
    if (!existsSync(file)) return void res.writeHead(404).end("not found");
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () =>
      resolve({ url: `http://${host}:${(server.address() as AddressInfo).port}`, stop: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) }),
    );
  });
}
