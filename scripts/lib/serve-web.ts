/**
 * The thin Node adapter: serves a web-standard handler (`Request` → `Response`) on node:http.
 * Bodies stream both ways (the handler bounds what it reads); a handler that throws gets a bare 500.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export type WebHandler = (request: Request) => Promise<Response>;

export interface WebServer {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

export function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    } catch {
      // A header value fetch refuses (control characters): left out rather than failing the request.
    }
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  // `new URL` keeps malformed percent-escapes as they are, so the handler can answer them with a 400.
  const url = new URL(req.url?.startsWith("/") ? req.url : `/${req.url ?? ""}`, origin);
  return new Request(url, {
    method: req.method ?? "GET",
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

export async function sendResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) return void res.end();
  await pipeline(Readable.fromWeb(response.body as never), res);
}

export function nodeListener(handler: WebHandler, origin: () => string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const response = await handler(toRequest(req, origin()));
      await sendResponse(response, res);
      // Whatever the handler left unread is drained so the connection can be reused.
      if (!req.complete) req.resume();
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end('{"error":{"message":"internal error"}}');
      else res.destroy();
    });
  };
}

/** Listens on `host:port` (0 picks a free one). */
export function serveWeb(handler: WebHandler, port: number, host = "127.0.0.1"): Promise<WebServer> {
  let url = "";
  const server = createServer(nodeListener(handler, () => url));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      url = `http://${host.includes(":") ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
      resolve({
        url,
        server,
        stop: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
      });
    });
  });
}

/** Reads a whole Node request body as text (for small test servers that need no cap). */
export function readNodeBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
