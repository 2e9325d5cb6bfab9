/** A loopback node:http server that records every request (method, path, body, headers) and answers by path. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback, type Listening } from "./loopback.js";

export interface SeenRequest {
  method: string;
  path: string;
  body: string;
  headers: IncomingMessage["headers"];
}

export type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** Routes by pathname, once each request's body has arrived; `fallback` answers the rest (default 404). */
export async function recordingServer(routes: Record<string, Route>, fallback: Route = (_req, res) => res.writeHead(404).end()): Promise<Listening & { seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const server = await listenOnLoopback(
    createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const path = new URL(req.url ?? "/", "http://x").pathname;
        seen.push({ method: req.method ?? "", path, body, headers: req.headers });
        (routes[path] ?? fallback)(req, res, body);
      });
    }),
  );
  return Object.assign(server, { seen });
}
