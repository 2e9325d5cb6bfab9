/**
 * The thin Node adapter: serves a web-standard handler (`Request` → `Response`) on node:http.
 * Bodies stream both ways (the handler bounds what it reads); a handler that throws gets a bare 500.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BodyRead, Incoming, Reply } from "../../src/simulator/http.js";

export type WebHandler = (request: Request) => Promise<Response>;
/** A handler of the mock's own request shape (src/simulator/http.ts): no web Request per exchange. */
export type IncomingHandler = (request: Incoming) => Promise<Reply | Response>;

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

/** Reads a Node request's body as text, stopping at `maxBytes` (then the connection closes after the answer). */
function readIncomingBody(req: IncomingMessage, maxBytes: number, refuse: () => void): Promise<BodyRead> {
  if (Number(req.headers["content-length"] ?? "0") > maxBytes) {
    refuse();
    return Promise.resolve({ ok: false, reason: "too-large" });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: BodyRead) => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        refuse();
        done({ ok: false, reason: "too-large" });
      } else chunks.push(chunk);
    };
    // Invalid UTF-8 becomes U+FFFD, like TextDecoder; a byte order mark is kept for the front to refuse.
    const onEnd = () => done({ ok: true, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)) });
    const onError = () => done({ ok: false, reason: "unreadable" });
    req.on("data", onData).on("end", onEnd).on("error", onError).on("aborted", onError);
  });
}

/**
 * An Incoming over a Node request: headers read from rawHeaders as `Headers.get` would join them.
 * A class, not an object of closures: one allocation per request on the mock's hot path.
 */
class NodeIncoming implements Incoming {
  readonly method: string;
  readonly url: URL;
  /** Set when a body is refused unread (too large, wrong type): the connection closes after the answer. */
  refused = false;
  #request: Request | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly origin: string,
  ) {
    this.method = req.method ?? "GET";
    this.url = new URL(req.url?.startsWith("/") ? req.url : `/${req.url ?? ""}`, origin);
  }

  header(name: string): string | null {
    const raw = this.req.rawHeaders;
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let i = 0; i < raw.length; i += 2) {
      const key = raw[i]!;
      if (key.length === wanted.length && key.toLowerCase() === wanted) value = value === null ? raw[i + 1]!.trim() : `${value}, ${raw[i + 1]!.trim()}`;
    }
    return value;
  }

  body(maxBytes: number): Promise<BodyRead> {
    return readIncomingBody(this.req, maxBytes, () => this.refuse());
  }

  async discard(): Promise<void> {
    this.refuse();
  }

  refuse(): void {
    this.refused = true;
    this.req.pause();
  }

  /** Headers and URL only: the body is read through body(). */
  request(): Request {
    const req = this.req;
    return (this.#request ??= toRequest(Object.assign(Object.create(req) as IncomingMessage, { method: req.method === "HEAD" ? "HEAD" : "GET" }), this.origin));
  }
}

/** Writes a Reply (serialized here, once) or a Response. */
export async function sendAnswer(answer: Reply | Response, res: ServerResponse): Promise<void> {
  if (answer instanceof Response) return sendResponse(answer, res);
  sendReply(answer, res);
}

function sendReply(answer: Reply, res: ServerResponse): void {
  const body = JSON.stringify(answer.json);
  res.writeHead(answer.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...answer.headers });
  res.end(body);
}

function incomingOf(req: IncomingMessage, origin: string): NodeIncoming {
  try {
    return new NodeIncoming(req, origin);
  } catch {
    // A URL that does not parse: the handler answers it (malformed-URL 400) as this one.
    return new NodeIncoming(Object.assign(Object.create(req) as IncomingMessage, { url: "/%" }), origin);
  }
}

async function answerOne(handler: IncomingHandler, incoming: NodeIncoming, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const answer = await handler(incoming);
  // A refused body (too large, wrong type) is not read: the connection closes after the answer.
  const refused = incoming.refused;
  if (refused) res.setHeader("connection", "close");
  if (answer instanceof Response) await sendResponse(answer, res);
  else sendReply(answer, res);
  if (refused) res.once("finish", () => req.socket.destroySoon());
  else if (!req.complete) req.resume();
}

function failed(res: ServerResponse): void {
  if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end('{"error":{"message":"internal error"}}');
  else res.destroy();
}

/** Like serveWeb, for a handler of Incoming requests. */
export function serveIncoming(handler: IncomingHandler, port: number, host = "127.0.0.1"): Promise<WebServer> {
  let url = "";
  return listen(
    createServer((req, res) => {
      answerOne(handler, incomingOf(req, url), req, res).catch(() => failed(res));
    }),
    port,
    host,
    (value) => (url = value),
  );
}

/** Listens on `host:port` (0 picks a free one). */
export function serveWeb(handler: WebHandler, port: number, host = "127.0.0.1"): Promise<WebServer> {
  let url = "";
  return listen(createServer(nodeListener(handler, () => url)), port, host, (value) => (url = value));
}

function listen(server: Server, port: number, host: string, setUrl: (url: string) => void): Promise<WebServer> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
      setUrl(url);
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
