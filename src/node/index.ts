/** Node-only helpers: files from paths, and mounting web-standard handlers on node:http. */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { basename, extname } from "node:path";
import { Readable } from "node:stream";
import { FileInputError, toDataUri, type DataUriOptions } from "../files.js";

const EXTENSIONS: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
};

/** Reads a local file into a data URI, checking its media type and size. */
export async function fileToDataUri(path: string, options: DataUriOptions = {}): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new FileInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return toDataUri(bytes, { mediaType: EXTENSIONS[extname(path).toLowerCase()], name: basename(path), ...options });
}

/** Mounts a `(Request) => Promise<Response>` handler (e.g. createProxyHandler) on node:http. */
export function toNodeListener(handler: (request: Request) => Promise<Response>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
      } as RequestInit);
      const response = await handler(request);
      res.writeHead(response.status, response.statusText, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "handler_failed", message: (error as Error).message, type: "proxy_error" } }));
    }
  };
}

export type { DataUriOptions } from "../files.js";
