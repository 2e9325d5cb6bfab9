/**
 * A web-standard `Fetch` on node:http(s), for long batches. Node's built-in fetch (undici) allocates
 * about 100 KB per request; at concurrency 64 much of it lives across a scavenge and is promoted,
 * so V8 grows the old space to several times the live data (a 10,000-job batch peaked near 190 MB
 * RSS with 17 MB live). node:http allocates a fraction of that per request.
 *
 * What the client relies on holds here too: redirects are never followed (a 3xx is answered as it
 * is and the client's own redirect rule applies), the request's signal aborts the request and a
 * body still being read, and the body is a stream the caller reads under its own cap. Compressed
 * bodies are asked for only when the request says so, and decoded like fetch does.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { ACCEPTS_INIT, type Fetch, type InitFetch } from "../config.js";

export interface NodeHttpFetchOptions {
  /** Open connections per origin (kept alive between requests). Default 64. */
  maxSockets?: number | undefined;
  /** Name resolution for the connections (node:dns lookup's signature); downloads pass one that refuses special addresses. */
  lookup?: LookupFunction | undefined;
}

export const DEFAULT_NODE_HTTP_FETCH_OPTIONS = Object.freeze({ maxSockets: 64 });

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A `Fetch` for `ClientOptions.fetch` that sends through node:http(s) with keep-alive agents of its own; `close()` ends their idle connections.
 * Besides a Request it takes fetch's `(url, init)` (the client calls it so: no Request, no body stream, no signal follower per request).
 */
export function nodeHttpFetch(options: NodeHttpFetchOptions = {}): Fetch & InitFetch & { close(): void } {
  const maxSockets = Math.max(1, options.maxSockets ?? DEFAULT_NODE_HTTP_FETCH_OPTIONS.maxSockets);
  const lookup = options.lookup ? { lookup: options.lookup } : {};
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets, ...lookup }), https: new HttpsAgent({ keepAlive: true, maxSockets, ...lookup }) };
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    // A body other than text or bytes (a stream, FormData, a Blob) is serialized by a Request.
    const given = init?.body;
    const plain = !(input instanceof Request) && (given === undefined || given === null || typeof given === "string" || given instanceof Uint8Array);
    const request = plain ? undefined : input instanceof Request && init === undefined ? input : new Request(input, init);
    const signal = (request ? request.signal : init?.signal) ?? undefined;
    signal?.throwIfAborted();
    const url = new URL(request ? request.url : String(input));
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`fetch failed: unsupported protocol ${url.protocol}`);
    const method = request ? request.method : (init?.method ?? "GET").toUpperCase();
    const body = request ? (request.body === null ? undefined : new Uint8Array(await request.arrayBuffer())) : typeof given === "string" ? Buffer.from(given) : ((given as Uint8Array | null | undefined) ?? undefined);
    signal?.throwIfAborted();
    const headers: Record<string, string> = {};
    (request ? request.headers : init?.headers instanceof Headers ? init.headers : new Headers(init?.headers)).forEach((value, name) => (headers[name] = value));
    if (body !== undefined) headers["content-length"] = String(body.byteLength);
    return new Promise<Response>((resolve, reject) => {
      let incoming: IncomingMessage | undefined;
      const onAbort = () => {
        const reason = signal?.reason ?? new DOMException("This operation was aborted", "AbortError");
        outgoing.destroy(reason);
        incoming?.destroy(reason);
        reject(reason);
      };
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      const outgoing = send(url, { method, headers, agent: url.protocol === "https:" ? agents.https : agents.http }, (response) => {
        incoming = response;
        // The listener stays while the body is read: an abort then errors the body stream.
        response.once("close", () => signal?.removeEventListener("abort", onAbort));
        try {
          resolve(toResponse(response, method));
        } catch (error) {
          response.destroy();
          reject(error);
        }
      });
      outgoing.once("error", (error) => {
        signal?.removeEventListener("abort", onAbort);
        reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
      });
      signal?.addEventListener("abort", onAbort, { once: true });
      outgoing.end(body);
    });
  };
  return Object.assign(fetch, { [ACCEPTS_INIT]: true as const, close: () => (agents.http.destroy(), agents.https.destroy()) });
}

function toResponse(response: IncomingMessage, method: string): Response {
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 599) throw new TypeError(`fetch failed: the server answered status ${status}`);
  const headers = new Headers();
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
    try {
      headers.append(response.rawHeaders[i]!, response.rawHeaders[i + 1]!);
    } catch {
      // a header value fetch refuses is dropped, as fetch does
    }
  }
  if (NULL_BODY_STATUSES.has(status) || method === "HEAD") {
    response.resume();
    return new Response(null, { status, statusText: response.statusMessage ?? "", headers });
  }
  const decoder = decoderFor(headers.get("content-encoding"));
  const source = decoder ? response.pipe(decoder) : response;
  if (decoder) response.once("error", (error) => decoder.destroy(error));
  return new Response(webBody(source), { status, statusText: response.statusMessage ?? "", headers });
}

/** Bytes queued before the socket pauses (backpressure), counted in bytes. */
const BODY_QUEUE_BYTES = 1024 * 1024;

/**
 * The body as a web stream that hands over every byte received before a failure. `Readable.toWeb`
 * errors its stream at once, and a web stream's error drops the chunks still queued: a connection
 * cut halfway then lost bytes that had arrived, and a download resumed from further back (or from 0).
 */
function webBody(source: Readable): ReadableStream<Uint8Array> {
  let failure: { error: unknown } | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        source.on("data", (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) source.pause();
        });
        source.once("end", () => controller.close());
        source.once("error", (error) => {
          failure = { error };
          // Queue empty: fail now; otherwise the reader gets the queued bytes first, then the error (pull).
          if (controller.desiredSize === BODY_QUEUE_BYTES) controller.error(error);
        });
      },
      pull(controller) {
        if (failure && controller.desiredSize === BODY_QUEUE_BYTES) controller.error(failure.error);
        else source.resume();
      },
      cancel(reason) {
        source.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: BODY_QUEUE_BYTES, size: (chunk) => chunk.byteLength },
  );
}

function decoderFor(encoding: string | null) {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      return undefined;
  }
}
