/**
 * A real HTTP file server on 127.0.0.1 for download tests: serves byte arrays with Content-Length
 * and Range, and misbehaves on request (cut the connection after N bytes, ignore Range, answer
 * 410 for an expired link, lie about the length).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { listenOnLoopback } from "./loopback.js";

export interface ServedFile {
  bytes: Uint8Array;
  type: string;
  /** Answer 410 Gone: the link expired. */
  expired?: boolean;
  /** Ignore Range and always send the whole file with 200. */
  noRange?: boolean;
  /** Cut the connection after this many body bytes, on the next `cutTimes` responses. */
  cutAfter?: number;
  cutTimes?: number;
  /** Answer 302 with this Location. */
  redirectTo?: string;
  /** Announce this Content-Length instead of the true one; null sends none (chunked). */
  announcedLength?: number | null;
}

export interface FileServer {
  url: string;
  files: Map<string, ServedFile>;
  requests: { path: string; range: string | undefined; headers: IncomingMessage["headers"] }[];
  close(): Promise<void>;
}

export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, ServedFile>();
  const requests: FileServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push({ path, range: req.headers.range, headers: req.headers });
    const file = files.get(path);
    if (!file) return res.writeHead(404).end();
    if (file.redirectTo !== undefined) return res.writeHead(302, { location: file.redirectTo }).end();
    if (file.expired) return res.writeHead(410, { "content-type": "text/plain" }).end("expired");
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    if (range && !file.noRange) {
      start = Number(range[1]);
      if (start >= file.bytes.length) return res.writeHead(416, { "content-range": `bytes */${file.bytes.length}` }).end();
    }
    const body = file.bytes.subarray(start);
    const headers: Record<string, string | number> = { "content-type": file.type, "accept-ranges": file.noRange ? "none" : "bytes" };
    if (file.announcedLength !== null) headers["content-length"] = file.announcedLength ?? body.length;
    if (start > 0) headers["content-range"] = `bytes ${start}-${file.bytes.length - 1}/${file.bytes.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    if (file.cutAfter !== undefined && (file.cutTimes ?? 1) > 0) {
      file.cutTimes = (file.cutTimes ?? 1) - 1;
      // A FIN after the bytes, not a reset: a reset can drop bytes the client has not read yet, and
      // the tests need the cut to land after exactly `cutAfter` bytes.
      res.write(body.subarray(0, file.cutAfter), () => res.socket?.end());
      return;
    }
    res.end(body);
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    files,
    requests,
    close: listening.close,
  };
}

/** Deterministic pseudo-random bytes: content that no wrong offset can reproduce. */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
