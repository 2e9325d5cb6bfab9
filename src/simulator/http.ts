/** Web-standard helpers: bounded body reading, JSON answers, bearer tokens, canonical fingerprints. */

/**
 * A request as the simulator and the front read it: the parts they look at, without a `Request`.
 * Building and re-building web Requests was most of the mock's cost per exchange, so adapters
 * (the Node server, `handle(Request)`) make one of these and the body is read once, bounded.
 */
export interface Incoming {
  method: string;
  url: URL;
  /** One header's value, duplicates joined with ", " like `Headers.get`; null when absent. */
  header(name: string): string | null;
  /** The body as text, at most `maxBytes` of it (see readBody). */
  body(maxBytes: number): Promise<BodyRead>;
  /** Gives up on an unread body (a refused request). */
  discard(): Promise<void>;
  /** The same request as a web `Request`, for the rare routes that need one (output files, Prism). */
  request(): Request;
}

/** A JSON answer not yet serialized: the front checks the value itself, and it is stringified once. */
export interface Reply {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  json: unknown;
}

export function reply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers, json: body };
}

export function replyToResponse(answer: Reply): Response {
  return json(answer.status, answer.json, answer.headers);
}

export function isReply(answer: Reply | Response): answer is Reply {
  return !(answer instanceof Response);
}

/** An Incoming over a web Request (browsers, workers, MSW, tests). */
export function incomingFrom(request: Request, url = new URL(request.url)): Incoming {
  return {
    method: request.method,
    url,
    header: (name) => request.headers.get(name),
    body: (maxBytes) => readBody(request, maxBytes),
    discard: async () => void (await request.body?.cancel().catch(() => undefined)),
    request: () => request,
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function bearerToken(request: Request | Incoming): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(("header" in request ? request.header("authorization") : request.headers.get("authorization")) ?? "");
  return match?.[1];
}

export type BodyRead = { ok: true; text: string } | { ok: false; reason: "too-large" | "unreadable" };

/**
 * Reads at most `maxBytes` of the body, stopping (and cancelling the stream) as soon as it goes over,
 * so an endless or huge upload costs no more than the cap. Invalid UTF-8 becomes U+FFFD.
 */
export async function readBody(request: Request, maxBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, reason: "too-large" };
  }
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: "too-large" };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** JSON with object keys sorted at every depth: the same payload gives the same text whatever its key order or whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Decodes one path segment; undefined for a malformed percent-escape (the caller answers 400). */
export function decodeSegment(segment: string): string | undefined {
  // Most segments (task ids) have no escape: no decoder call, no try.
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function requestId(): string {
  // The first 16 hex digits of a random UUID (8-4-4…), without its dashes.
  const uuid = crypto.randomUUID();
  return `req_sim_${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(14, 18)}`;
}
