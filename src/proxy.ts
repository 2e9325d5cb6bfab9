/**
 * `createProxyHandler()`: a web-standard `(request) => Promise<Response>` that lets a browser use
 * the MindVideo client with no key. It forwards only the task endpoints, adds the server-side key,
 * drops whatever Authorization the browser sent, refuses disallowed models and oversized bodies
 * with clear 4xx errors, and never echoes the key. Mount it in Node (see `mindvideo/node`), Bun,
 * Deno or a worker; in the browser, `new MindVideo({ baseUrl: "/api/mindvideo" })`.
 */
import { apiServers, models } from "../generated/models/registry.js";
import { readEnv, type Fetch } from "./config.js";
import { redactSecret } from "./debug.js";
import { validateInput } from "./validation.js";

export interface ProxyOptions {
  /** The server-side key; defaults to MINDVIDEO_API_KEY. */
  apiKey?: string | undefined;
  /** Upstream API; defaults to the spec's server. */
  baseUrl?: string | undefined;
  /** Where the handler is mounted; stripped before forwarding. Default `/api/mindvideo`. */
  mountPath?: string | undefined;
  /** Models browsers may use; default every MindVideo model. */
  allowModels?: readonly string[] | undefined;
  /** Largest request body accepted (data URIs make bodies big). Default 10 MiB. */
  maxBodyBytes?: number | undefined;
  /** Validate inputs here, so a bad one costs no upstream call. Default true. */
  validate?: boolean | undefined;
  fetch?: Fetch | undefined;
}

export const DEFAULT_PROXY_OPTIONS = Object.freeze({ mountPath: "/api/mindvideo", maxBodyBytes: 10 * 1024 * 1024, validate: true } as const);

const ROUTES: [string, RegExp][] = [
  ["POST", /^\/api\/v1\/tasks$/],
  ["GET", /^\/api\/v1\/tasks\/[^/]+$/],
  ["GET", /^\/api\/v1\/tasks\/[^/]+\/events$/],
];
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "idempotency-key", "x-attempt-number", "prefer"];
const DROPPED_RESPONSE_HEADERS = new Set(["set-cookie", "connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length"]);

const problem = (status: number, code: string, message: string, param?: string) =>
  new Response(JSON.stringify({ error: { code, message, type: status === 413 ? "request_too_large_error" : status === 403 ? "permission_error" : status === 404 ? "not_found_error" : status >= 500 ? "proxy_error" : "invalid_request_error", ...(param ? { param } : {}) } }), {
    status,
    headers: { "content-type": "application/json" },
  });

export function createProxyHandler(options: ProxyOptions = {}): (request: Request) => Promise<Response> {
  const apiKey = options.apiKey ?? readEnv("MINDVIDEO_API_KEY");
  const upstream = (options.baseUrl ?? apiServers.mindvideo).replace(/\/+$/, "");
  const mount = (options.mountPath ?? DEFAULT_PROXY_OPTIONS.mountPath).replace(/\/+$/, "");
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_PROXY_OPTIONS.maxBodyBytes;
  const allowed = new Set(options.allowModels ?? Object.values(models).filter((m) => m.provider === "mindvideo").map((m) => m.slug));
  const fetchUpstream = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const validate = options.validate ?? DEFAULT_PROXY_OPTIONS.validate;

  return async (request) => {
    if (!apiKey) return problem(500, "proxy_not_configured", "The proxy has no API key (set MINDVIDEO_API_KEY on the server).");
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${mount}/`)) return problem(404, "not_found", `Not a proxied path: ${url.pathname}`);
    const path = url.pathname.slice(mount.length);
    if (!ROUTES.some(([method, pattern]) => method === request.method && pattern.test(path))) {
      return problem(404, "not_found", `Only the task endpoints are proxied (not ${request.method} ${path})`);
    }

    let body: Uint8Array<ArrayBuffer> | undefined;
    if (request.method === "POST") {
      const declared = Number(request.headers.get("content-length") ?? "0");
      if (declared > maxBodyBytes) return tooLarge(maxBodyBytes);
      body = await readCapped(request, maxBodyBytes);
      if (!body) return tooLarge(maxBodyBytes);
      let parsed: { model?: unknown; input?: unknown };
      try {
        parsed = JSON.parse(new TextDecoder().decode(body));
      } catch {
        return problem(400, "invalid_json", "The request body is not JSON");
      }
      if (typeof parsed?.model !== "string" || !allowed.has(parsed.model)) {
        return problem(403, "model_not_allowed", `Model ${JSON.stringify(parsed?.model)} is not allowed here; allowed: ${[...allowed].join(", ")}`, "model");
      }
      if (validate) {
        const result = validateInput(parsed.model, parsed.input, { provider: "mindvideo" });
        if (!result.ok) return problem(400, "invalid_input", result.errors.map((e) => e.message).join("; "), result.errors[0]!.path);
      }
    }

    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    headers.set("authorization", `Bearer ${apiKey}`);
    let response: Response;
    try {
      response = await fetchUpstream(new Request(`${upstream}${path}${url.search}`, { method: request.method, headers, body: body ?? null }));
    } catch (error) {
      return problem(502, "upstream_unreachable", redactSecret(`The API could not be reached: ${(error as Error).message}`, apiKey));
    }
    const outHeaders = new Headers();
    response.headers.forEach((value, name) => {
      if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) outHeaders.set(name, redactSecret(value, apiKey));
    });
    const text = redactSecret(await response.text(), apiKey);
    return new Response(response.status === 204 ? null : text, { status: response.status, statusText: response.statusText, headers: outHeaders });
  };
}

function tooLarge(max: number): Response {
  return problem(413, "request_too_large", `The request body exceeds ${max} bytes; upload large files and send their URLs instead of data URIs`);
}

/** The body, or undefined once it passes `max` bytes (without buffering the excess). */
async function readCapped(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export type { Fetch } from "./config.js";
