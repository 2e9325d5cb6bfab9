/**
 * The fetch handed to openapi-fetch for one call: it adds credentials and the attempt number,
 * enforces the timeout over the whole exchange (body included, read with a byte cap), follows
 * redirects itself (GETs only, credentials dropped across origins), and retries what is safe to
 * retry. Each call gets its own exchange, so its idempotency key and its last error body stay with
 * that call.
 */
import { checkHeaders, credentialValues, type RequestOptions, type ResolvedConfig } from "./config.js";
import { isCredentialHeader, redactHeaders, redactSecrets } from "./debug.js";
import { safeCause } from "./checks.js";
import { APIConnectionError, APITimeoutError, APIUserAbortError, RedirectError, ResponseTooLargeError, type APIError } from "./errors.js";
import { RETRYABLE_STATUSES, retryDelayMs } from "./retry.js";
import { anySignal, followSignal, longTimeout, sleep } from "./sleep.js";

export const ATTEMPT_HEADER = "X-Attempt-Number";
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** Redirects a GET may follow before the answer counts as a failure. */
export const MAX_REDIRECTS = 5;
/** An error answer's body is only read for its message: anything past this is dropped. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * - `idempotent`: the server deduplicates (GETs; creates with an Idempotency-Key): retry network
 *   errors, timeouts and retryable statuses.
 * - `unsent-only`: a retry could start a second paid task, so retry only when the first connection
 *   to the configured origin certainly failed (connection refused, DNS failure).
 */
export type RetryPolicy = "idempotent" | "unsent-only";

export interface ExchangeOptions extends RequestOptions {
  retryPolicy: RetryPolicy;
  idempotencyKey?: string | undefined;
}

export interface Exchange {
  fetch: (request: Request) => Promise<Response>;
  /** The first attempt's signal, handed to openapi-fetch so its Request can be sent as it is. */
  readonly signal: AbortSignal;
  /** The final 2xx answer's parsed JSON: parsed once here, so openapi-fetch is asked not to parse again. */
  readonly lastJson: unknown;
  /** The final non-2xx answer's body text, for the error factory. */
  readonly lastBodyText: string;
  /** Secrets of this call (the key, credential headers): scrubbed from whatever leaves the SDK. */
  readonly secrets: readonly string[];
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

type Outcome = { response: Response } | { error: APIError; notSent: boolean; final?: boolean };

export function createExchange(config: ResolvedConfig, options: ExchangeOptions): Exchange {
  const maxRetries = options.maxRetries ?? config.retry.maxRetries;
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;
  const callHeaders = checkHeaders(options.headers, `${config.clientName}: options.headers`);
  const secrets = [...config.secrets, ...credentialValues(callHeaders)];
  const scrub = (text: string) => redactSecrets(text, secrets);
  let lastBodyText = "";
  let lastJson: unknown;
  // The first attempt's controller exists before openapi-fetch builds its Request, so a GET's
  // Request is sent as built: no copy of the request, its headers or the response on the hot path.
  const first = new AbortController();
  const firstSignal = anySignal([first.signal, options.signal]);

  const fail = (ErrorClass: typeof APIConnectionError, message: string, cause?: unknown, extra: object = {}): APIError =>
    // Redacted before it is shortened, so no prefix of a secret survives the cut.
    new ErrorClass({ message: cap(scrub(message), 4_000), idempotencyKey: options.idempotencyKey, cause: safeCause(cause, secrets), ...extra });

  async function send(request: Request): Promise<Response> {
    const method = request.method;
    const url = request.url;
    const origin = new URL(url).origin;
    const reusable = method === "GET" || method === "HEAD";
    const body = reusable ? undefined : new Uint8Array(await request.arrayBuffer());
    // Headers that stay the same on every attempt, set once per call.
    const headers = reusable ? request.headers : new Headers(request.headers);
    const custom = new Set<string>();
    for (const source of [config.headers, callHeaders])
      for (const name in source) {
        headers.set(name, source[name]!);
        custom.add(name.toLowerCase());
      }
    if (config.apiKey !== undefined) headers.set("Authorization", `Bearer ${config.apiKey}`);
    if (options.idempotencyKey !== undefined) headers.set(IDEMPOTENCY_HEADER, options.idempotencyKey);
    for (let attempt = 1; ; attempt++) {
      if (options.signal?.aborted) throw abortError(options.signal);
      headers.set(ATTEMPT_HEADER, String(attempt));
      config.debug?.({ type: "request", method, url: scrub(url), attempt, headers: redactHeaders(headers, secrets) });

      const started = config.debug ? Date.now() : 0;
      const outcome = await attemptOnce(attempt);
      const canRetry = attempt <= maxRetries;

      if ("response" in outcome) {
        const { response } = outcome;
        config.debug?.({ type: "response", method, url: scrub(url), attempt, status: response.status, durationMs: Date.now() - started });
        if (!RETRYABLE_STATUSES.has(response.status) || !canRetry || options.retryPolicy !== "idempotent") return response;
        await backoff(attempt, response.headers, `status ${response.status}`);
        continue;
      }
      const { error, notSent } = outcome;
      config.debug?.({ type: "error", method, url: scrub(url), attempt, message: error.message });
      if (outcome.final || !canRetry || (options.retryPolicy === "unsent-only" && !notSent)) throw error;
      await backoff(attempt, undefined, error.message);
    }

    async function attemptOnce(attempt: number): Promise<Outcome> {
      const controller = attempt === 1 ? first : new AbortController();
      const signal = attempt === 1 ? firstSignal : anySignal([controller.signal, options.signal]);
      const cancelTimer = longTimeout(() => controller.abort(TIMEOUT), timeoutMs);
      let target = url;
      let hops = 0;
      try {
        let outgoing = attempt === 1 && reusable && request.redirect === "manual" ? request : build(target, headers, signal);
        for (;;) {
          const response = await config.fetch(outgoing);
          if (!isRedirect(response)) return await settle(response);
          await response.body?.cancel().catch(() => {});
          const location = response.headers.get("location") ?? undefined;
          const next = location === undefined ? undefined : safeUrl(location, target);
          const shown = location === undefined ? undefined : scrub(location.slice(0, 2048));
          if (!reusable || next === undefined || hops >= MAX_REDIRECTS) {
            const why = !reusable ? `a ${method} is never redirected (nothing was re-sent)` : next === undefined ? "without a usable http(s) Location" : `after ${MAX_REDIRECTS} redirects`;
            return {
              error: fail(RedirectError, `${method} ${url}: the server answered ${response.status || "with a redirect"} ${why}${shown ? ` (Location: ${shown})` : ""}`, undefined, {
                status: response.status || undefined,
                location: shown,
              }),
              notSent: false,
              final: true,
            };
          }
          hops++;
          // Credentials (the key, every custom header) are for the configured origin only.
          const hopHeaders = new Headers(headers);
          if (new URL(next).origin !== origin) {
            for (const name of [...hopHeaders.keys()]) if (name === "authorization" || custom.has(name) || isCredentialHeader(name)) hopHeaders.delete(name);
          }
          target = next;
          outgoing = build(target, hopHeaders, signal);
        }
      } catch (cause) {
        if (options.signal?.aborted) throw abortError(options.signal);
        if (cause instanceof ResponseTooLargeError) return { error: cause, notSent: false, final: true };
        if (controller.signal.reason === TIMEOUT) {
          return { error: fail(APITimeoutError, `${method} ${url} timed out after ${timeoutMs} ms`, cause), notSent: false };
        }
        return { error: fail(APIConnectionError, `${method} ${url} failed: ${describeCause(cause)}`, cause), notSent: hops === 0 && certainlyNotSent(cause, target) };
      } finally {
        cancelTimer();
      }
    }

    function build(target: string, hopHeaders: Headers, signal: AbortSignal): Request {
      // A fresh copy of the body per request: a body handed to fetch may be transferred (detached).
      return new Request(target, { method, headers: new Headers(hopHeaders), body: body ? body.slice() : null, redirect: "manual", signal });
    }

    async function settle(response: Response): Promise<Outcome> {
      const init = { status: response.status, statusText: response.statusText, headers: response.headers };
      if (!response.ok) {
        lastBodyText = await readText(response, Math.min(MAX_ERROR_BODY_BYTES, config.maxResponseBytes), "truncate");
        return { response: new Response(NULL_BODY_STATUSES.has(response.status) ? null : lastBodyText, init) };
      }
      // Reading the whole body inside the attempt puts it under the timeout and makes a stall retryable.
      const text = await readText(response, config.maxResponseBytes, "fail");
      if (text !== "" && /json/i.test(response.headers.get("content-type") ?? "json")) {
        try {
          lastJson = JSON.parse(text);
        } catch {
          return { error: fail(APIConnectionError, `${method} ${url}: the ${response.status} answer is not valid JSON (truncated?)`), notSent: false };
        }
      } else {
        lastJson = text === "" ? undefined : text;
      }
      return { response: new Response(null, init) };
    }

    /** The body as text, reading at most `limit` bytes (after decompression) before stopping. */
    async function readText(response: Response, limit: number, overflow: "fail" | "truncate"): Promise<string> {
      const tooLarge = () =>
        fail(ResponseTooLargeError, `${method} ${url}: the ${response.status} answer exceeds maxResponseBytes (${limit} bytes); reading stopped there`, undefined, {
          status: response.status,
        });
      const declared = Number(response.headers.get("content-length"));
      const encoded = response.headers.has("content-encoding");
      if (overflow === "fail" && !encoded && Number.isFinite(declared) && declared > limit) {
        await response.body?.cancel().catch(() => {});
        throw tooLarge();
      }
      if (!response.body) return "";
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let text = "";
      let size = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return text + decoder.decode();
          size += value.byteLength;
          if (size > limit) {
            if (overflow === "fail") throw tooLarge();
            return text + decoder.decode(value.subarray(0, value.byteLength - (size - limit)));
          }
          text += decoder.decode(value, { stream: true });
        }
      } finally {
        reader.cancel().catch(() => {});
      }
    }

    async function backoff(attempt: number, responseHeaders: Headers | undefined, reason: string): Promise<void> {
      const delayMs = retryDelayMs(attempt, responseHeaders, config.retry);
      config.debug?.({ type: "retry", method, url: scrub(url), attempt, delayMs, reason: scrub(reason) });
      try {
        await config.clock.sleep(delayMs, followSignal(options.signal));
      } catch {
        throw abortError(options.signal!);
      }
    }
  }

  function abortError(signal: AbortSignal): APIError {
    return new APIUserAbortError({ message: "Request was aborted", idempotencyKey: options.idempotencyKey, cause: safeCause(signal.reason, secrets) });
  }

  return {
    fetch: send,
    signal: firstSignal,
    secrets,
    get lastJson() {
      return lastJson;
    },
    get lastBodyText() {
      return lastBodyText;
    },
  };
}

const TIMEOUT = Symbol("timeout");
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

function isRedirect(response: Response): boolean {
  return response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400 && response.status !== 304);
}

function safeUrl(location: string, base: string): string | undefined {
  try {
    const next = new URL(location, base);
    return next.protocol === "https:" || next.protocol === "http:" ? next.href : undefined;
  } catch {
    return undefined;
  }
}

function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/**
 * True only when the connection to `target` itself failed before anything was sent: a coded
 * cause (refused, DNS) that, when it names a port or an address, names this target's.
 */
function certainlyNotSent(error: unknown, target: string): boolean {
  const url = new URL(target);
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return errorChain(error).some((e) => {
    const { code, port: failedPort, address } = e as { code?: unknown; port?: unknown; address?: unknown };
    if (typeof code !== "string" || !NOT_SENT_CODES.has(code)) return false;
    if (failedPort !== undefined && Number(failedPort) !== port) return false;
    if (typeof address === "string" && /^[\d.]+$|:/.test(host) && address !== host) return false;
    return true;
  });
}

function describeCause(error: unknown): string {
  return errorChain(error)
    .map((e) => [(e as { code?: string }).code, (e as Error).message].filter(Boolean).join(" "))
    .filter(Boolean)
    .join(": ");
}

const cap = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);
