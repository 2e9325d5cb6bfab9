/**
 * `createProxyHandler()`: a web-standard `(request) => Promise<Response>` that lets a browser use
 * the MindVideo client with no key. It forwards only the task endpoints, adds the server-side key,
 * drops whatever Authorization the browser sent, refuses disallowed models and oversized bodies
 * with clear 4xx errors, and never echoes the key. Every wait and every buffer is bounded: the
 * browser's body (size, read time), the upstream call (time, answer size). It forwards the body it
 * checked (re-serialized), never follows upstream redirects, and takes the path from the request
 * URL only. Mount it in Node (see `mindvideo/node`), Bun, Deno or a worker; in the browser,
 * `new MindVideo({ baseUrl: "/api/mindvideo" })`.
 */
import { apiServers, models } from "../generated/models/registry.js";
import { assertApiKey, assertBaseUrl, readEnv, type Fetch } from "./config.js";
import { redactSecret } from "./debug.js";
import { MindVideoError } from "./errors.js";
import { anySignal, longTimeout } from "./sleep.js";
import { validateInput } from "./validation.js";

export interface ProxyOptions {
  /** The server-side key; defaults to MINDVIDEO_API_KEY. Checked when the handler is created. */
  apiKey?: string | undefined;
  /** Upstream API; defaults to the spec's server. */
  baseUrl?: string | undefined;
  /** Where the handler is mounted; stripped before forwarding. Default `/api/mindvideo`. */
  mountPath?: string | undefined;
  /** Models browsers may use; default every MindVideo model. */
  allowModels?: readonly string[] | undefined;
  /** Largest request body accepted (data URIs make bodies big). Default 10 MiB. */
  maxBodyBytes?: number | undefined;
  /** Longest time to receive the browser's body; then 408. Default 30 000 ms. */
  bodyTimeoutMs?: number | undefined;
  /** Longest upstream exchange, its answer's body included; then 504. Default 60 000 ms. */
  upstreamTimeoutMs?: number | undefined;
  /** Largest upstream answer relayed (counted after decompression); then 502. Default 16 MiB. */
  maxResponseBytes?: number | undefined;
  /** Validate inputs here, so a bad one costs no upstream call. Default true. */
  validate?: boolean | undefined;
  fetch?: Fetch | undefined;
}

export const DEFAULT_PROXY_OPTIONS = Object.freeze({
  mountPath: "/api/mindvideo",
  maxBodyBytes: 10 * 1024 * 1024,
  bodyTimeoutMs: 30_000,
  upstreamTimeoutMs: 60_000,
  maxResponseBytes: 16 * 1024 * 1024,
  validate: true,
} as const);

const TASK_ID = "(?!\\.{1,2}(?:/|$))[A-Za-z0-9._:~-]{1,256}";
const ROUTES: [string, RegExp][] = [
  ["POST", /^\/api\/v1\/tasks$/],
  ["GET", new RegExp(`^/api/v1/tasks/${TASK_ID}$`)],
  ["GET", new RegExp(`^/api/v1/tasks/${TASK_ID}/events$`)],
];
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "idempotency-key", "x-attempt-number", "prefer"];
const DROPPED_RESPONSE_HEADERS = new Set(["set-cookie", "connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length", "location", "proxy-authenticate", "www-authenticate", "upgrade", "trailer"]);
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** The proxy answers from the app's origin, quoting what the browser sent: never sniffed, never run as a page. */
const PAGE_GUARD = Object.freeze({ "x-content-type-options": "nosniff", "content-security-policy": "default-src 'none'; frame-ancestors 'none'; sandbox" });
const TYPES: Record<number, string> = { 403: "permission_error", 404: "not_found_error", 408: "timeout_error", 413: "request_too_large_error", 504: "timeout_error" };
const problem = (status: number, code: string, message: string, param?: string) =>
  new Response(JSON.stringify({ error: { code, message, type: TYPES[status] ?? (status >= 500 ? "proxy_error" : "invalid_request_error"), ...(param ? { param } : {}) } }), {
    status,
    headers: { "content-type": "application/json", ...PAGE_GUARD },
  });

class Overflow extends Error {}
class Stalled extends Error {}

export function createProxyHandler(options: ProxyOptions = {}): (request: Request) => Promise<Response> {
  const apiKey = options.apiKey ?? readEnv("MINDVIDEO_API_KEY");
  if (apiKey !== undefined && apiKey !== "") assertApiKey(apiKey, `createProxyHandler: the API key (${options.apiKey !== undefined ? "the apiKey option" : "MINDVIDEO_API_KEY"})`);
  const upstream = (options.baseUrl ?? apiServers.mindvideo).replace(/\/+$/, "");
  assertBaseUrl(upstream, "createProxyHandler");
  const mount = (options.mountPath ?? DEFAULT_PROXY_OPTIONS.mountPath).replace(/\/+$/, "");
  const settings = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_PROXY_OPTIONS.maxBodyBytes,
    bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULT_PROXY_OPTIONS.bodyTimeoutMs,
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? DEFAULT_PROXY_OPTIONS.upstreamTimeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_PROXY_OPTIONS.maxResponseBytes,
  };
  for (const [name, value] of Object.entries(settings)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new MindVideoError(`createProxyHandler: ${name} must be a finite number ≥ 0 (got ${String(value)})`);
  }
  const allowed = new Set(options.allowModels ?? Object.values(models).filter((m) => m.provider === "mindvideo").map((m) => m.slug));
  const fetchUpstream = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const validate = options.validate ?? DEFAULT_PROXY_OPTIONS.validate;
  const scrub = (text: string) => redactSecret(text, apiKey);

  async function handle(request: Request): Promise<Response> {
    if (!apiKey) return problem(500, "proxy_not_configured", "The proxy has no API key (set MINDVIDEO_API_KEY on the server).");
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${mount}/`)) return problem(404, "not_found", `Not a proxied path: ${url.pathname.slice(0, 200)}`);
    const path = url.pathname.slice(mount.length);
    if (!ROUTES.some(([method, pattern]) => method === request.method && pattern.test(path))) {
      return problem(404, "not_found", `Only the task endpoints are proxied (not ${request.method} ${path.slice(0, 200)})`);
    }

    // Browsers mark requests from other sites; the proxy spends the key for its own pages only.
    if (request.headers.get("sec-fetch-site")?.toLowerCase() === "cross-site") {
      return problem(403, "cross_site_request", "Requests from other sites are not proxied");
    }
    let body: string | undefined;
    if (request.method === "POST") {
      // Only a JSON type: text/plain, form and multipart bodies are what another site can send without a CORS preflight.
      const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (!/^application\/(?:[a-z0-9.+-]+\+)?json$/.test(mediaType)) {
        return problem(415, "unsupported_media_type", `The request body must be sent as application/json (got ${JSON.stringify(mediaType.slice(0, 100))})`);
      }
      // Stryker disable next-line LogicalOperator,StringLiteral: Number(null), Number("") and Number("0") are all 0
      const declared = Number(request.headers.get("content-length") ?? "0");
      if (declared > settings.maxBodyBytes) return tooLarge(settings.maxBodyBytes);
      let raw: string;
      try {
        raw = await readText(request.body, settings.maxBodyBytes, settings.bodyTimeoutMs, request.signal);
      } catch (error) {
        if (error instanceof Overflow) return tooLarge(settings.maxBodyBytes);
        if (error instanceof Stalled) return problem(408, "request_timeout", `The request body did not arrive within ${settings.bodyTimeoutMs} ms`);
        return problem(400, "invalid_body", "The request body could not be read");
      }
      let parsed: unknown;
      try {
        // `__proto__` keys are dropped: an upstream that merges objects must not meet them.
        parsed = JSON.parse(raw, (key, value: unknown) => (key === "__proto__" ? undefined : value));
      } catch {
        return problem(400, "invalid_json", "The request body is not JSON");
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return problem(400, "invalid_json", "The request body must be a JSON object");
      const { model, input } = parsed as { model?: unknown; input?: unknown };
      if (typeof model !== "string" || !allowed.has(model)) {
        return problem(403, "model_not_allowed", `Model ${JSON.stringify(model)?.slice(0, 200)} is not allowed here; allowed: ${[...allowed].join(", ")}`, "model");
      }
      if (validate) {
        const result = validateInput(model, input, { provider: "mindvideo" });
        if (!result.ok) return problem(400, "invalid_input", result.errors.map((e) => e.message).join("; "), result.errors[0]!.path);
      }
      // What was checked is what is sent: duplicate keys or odd encodings cannot smuggle another model upstream.
      body = JSON.stringify(parsed);
    }

    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    if (body !== undefined) headers.set("content-type", "application/json");
    headers.set("authorization", `Bearer ${apiKey}`);
    const query = path.endsWith("/events") ? url.search : "";
    const deadline = new AbortController();
    const cancelTimer = longTimeout(() => deadline.abort(new Stalled()), settings.upstreamTimeoutMs);
    const signal = anySignal([deadline.signal, request.signal]);
    try {
      let response: Response;
      try {
        response = await fetchUpstream(new Request(`${upstream}${path}${query}`, { method: request.method, headers, body: body ?? null, redirect: "manual", signal }));
      } catch (error) {
        if (deadline.signal.aborted) return upstreamTimeout(settings.upstreamTimeoutMs);
        return problem(502, "upstream_unreachable", scrub(`The API could not be reached: ${String((error as Error)?.message ?? error)}`).slice(0, 500));
      }
      if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400 && response.status !== 304)) {
        await response.body?.cancel().catch(() => {});
        return problem(502, "upstream_redirect", `The API answered with a redirect (${response.status}); the proxy does not follow redirects`);
      }
      let text: string;
      try {
        text = await readText(response.body, settings.maxResponseBytes, Infinity, signal);
      } catch (error) {
        if (error instanceof Overflow) return problem(502, "upstream_response_too_large", `The API's answer exceeds ${settings.maxResponseBytes} bytes`);
        if (deadline.signal.aborted) return upstreamTimeout(settings.upstreamTimeoutMs);
        return problem(502, "upstream_failed", "The API's answer broke off");
      }
      const outHeaders = new Headers();
      response.headers.forEach((value, name) => {
        // No access-control-* either: the upstream's CORS policy must not make the proxy readable by other sites.
        if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase()) && !/^access-control-/i.test(name)) outHeaders.append(name, scrub(value));
      });
      // The answer is served from the app's origin: it must never be run as a page there.
      for (const [name, value] of Object.entries(PAGE_GUARD)) outHeaders.set(name, value);
      const nullBody = NULL_BODY_STATUSES.has(response.status);
      return new Response(nullBody ? null : scrub(text), { status: response.status, statusText: scrub(response.statusText).slice(0, 100), headers: outHeaders });
    } finally {
      cancelTimer();
    }
  }

  return async (request) => {
    try {
      return await handle(request);
    } catch {
      // Never the error's text: it could hold anything, the key included.
      return problem(500, "proxy_failed", "The proxy failed to handle this request");
    }
  };
}

function tooLarge(max: number): Response {
  return problem(413, "request_too_large", `The request body exceeds ${max} bytes; upload large files and send their URLs instead of data URIs`);
}

function upstreamTimeout(ms: number): Response {
  return problem(504, "upstream_timeout", `The API did not answer within ${ms} ms`);
}

/** A body as text: Overflow past `max` bytes, Stalled past `timeoutMs`; the excess is never buffered. */
async function readText(stream: ReadableStream<Uint8Array> | null, max: number, timeoutMs: number, signal: AbortSignal): Promise<string> {
  if (!stream) return "";
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  let stalled = false;
  const cancelTimer = longTimeout(() => {
    stalled = true;
    reader.cancel(new Stalled()).catch(() => {});
  }, timeoutMs);
  const onAbort = () => reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (stalled) throw new Stalled();
      // Cancelling a reader ends a pending read as "done": an abort must not pass for a complete body.
      if (signal.aborted) throw signal.reason;
      if (done) return text + decoder.decode();
      size += value.byteLength;
      if (size > max) throw new Overflow();
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    if (stalled) throw new Stalled();
    throw error;
  } finally {
    cancelTimer();
    signal.removeEventListener("abort", onAbort);
    reader.cancel().catch(() => {});
  }
}

export type { Fetch } from "./config.js";
