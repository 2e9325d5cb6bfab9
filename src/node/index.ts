/** Node-only helpers: files from paths, and mounting web-standard handlers on node:http. */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { basename, extname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
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

/**
 * Mounts a `(Request) => Promise<Response>` handler (e.g. createProxyHandler) on node:http. Bodies
 * stream both ways with backpressure; the handler's request signal aborts when the client goes
 * away (so the upstream call is cancelled); a response body that fails mid-way ends the response
 * instead of the process; every Set-Cookie is kept. The URL's path comes from the request target
 * only, never from the Host header.
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) controller.abort(new Error("the client went away"));
    };
    res.once("close", onClose);
    try {
      const target = requestTarget(req.url ?? "/");
      if (target === undefined) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "bad_request_target", message: "The request target is not a path", type: "invalid_request_error" } }));
        return;
      }
      const headers = new Headers();
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        try {
          headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
        } catch {
          // a header fetch refuses is dropped, not fatal
        }
      }
      const method = req.method ?? "GET";
      const hasBody = method !== "GET" && method !== "HEAD";
      const request = new Request(`http://${safeHost(req.headers.host)}${target}`, {
        method,
        headers,
        signal: controller.signal,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
      } as RequestInit);
      const response = await handler(request);
      const outHeaders: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        if (name !== "set-cookie") outHeaders[name] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) outHeaders["set-cookie"] = cookies;
      const reason = /^[\t\x20-\x7e]*$/.test(response.statusText) && response.statusText !== "" ? response.statusText : undefined;
      if (reason) res.writeHead(response.status, reason, outHeaders);
      else res.writeHead(response.status, outHeaders);
      if (!response.body || method === "HEAD") {
        await response.body?.cancel().catch(() => {});
        res.end();
        return;
      }
      await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), res);
    } catch {
      // Never the error's text (it could quote anything); once headers are out, end the response.
      if (res.headersSent || res.destroyed) res.destroy();
      else {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "handler_failed", message: "The handler failed", type: "proxy_error" } }));
      }
    } finally {
      res.off("close", onClose);
      if (!res.writableFinished) controller.abort(new Error("the response did not complete"));
    }
  };
}

/** The path and query of an origin-form or absolute-form target; undefined for `*` and the like. */
function requestTarget(raw: string): string | undefined {
  if (raw.startsWith("/")) {
    try {
      const url = new URL(raw, "http://localhost");
      return `${url.pathname}${url.search}`;
    } catch {
      return undefined;
    }
  }
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

/** The Host header when it is only a host and port; anything else (a path, userinfo) becomes localhost. */
function safeHost(host: string | undefined): string {
  if (host === undefined || !/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host)) return "localhost";
  // A port past 65535 or an address URL parsing refuses would make building the Request throw: a 500 any client could cause.
  return URL.canParse(`http://${host}/`) ? host : "localhost";
}

export { downloadOutputs, hashFile, DownloadError, LinkExpiredError, DEFAULT_DOWNLOAD_OPTIONS, type DownloadOptions, type DownloadProgress, type DownloadedFile } from "./download.js";
export type { DataUriOptions } from "../files.js";
export type { GenerationTask, CostUnit, GenerationStatus } from "../generations.js";
export type { Provider } from "../../generated/models/registry.js";
export type { MindVideoError } from "../errors.js";
