/**
 * The fetch handed to openapi-fetch for one call: it adds credentials and the attempt number,
 * enforces the timeout over the whole exchange (body included, by buffering it), and retries
 * what is safe to retry. Each call gets its own exchange, so its idempotency key and its last
 * error body stay with that call.
 */
import type { RequestOptions, ResolvedConfig } from "./config.js";
import { redactHeaders, redactSecret } from "./debug.js";
import { APIConnectionError, APITimeoutError, APIUserAbortError, type APIError } from "./errors.js";
import { RETRYABLE_STATUSES, retryDelayMs } from "./retry.js";

export const ATTEMPT_HEADER = "X-Attempt-Number";
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/**
 * - `idempotent`: the server deduplicates (GETs; creates with an Idempotency-Key): retry network
 *   errors, timeouts and retryable statuses.
 * - `unsent-only`: a retry could start a second paid task, so retry only when the request
 *   certainly never reached the server (connection refused, DNS failure).
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
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

export function createExchange(config: ResolvedConfig, options: ExchangeOptions): Exchange {
  const maxRetries = options.maxRetries ?? config.retry.maxRetries;
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;
  let lastBodyText = "";
  let lastJson: unknown;
  // The first attempt's controller exists before openapi-fetch builds its Request, so a GET's
  // Request is sent as built: no copy of the request, its headers or the response on the hot path.
  const first = new AbortController();

  const connectionError = (ErrorClass: typeof APIConnectionError, message: string, cause?: unknown): APIError =>
    new ErrorClass({ message: redactSecret(message, config.apiKey), idempotencyKey: options.idempotencyKey, cause });

  async function send(request: Request): Promise<Response> {
    const method = request.method;
    const url = request.url;
    const reusable = method === "GET" || method === "HEAD";
    const body = reusable ? undefined : await request.arrayBuffer();
    // Headers that stay the same on every attempt, set once per call.
    const headers = reusable ? request.headers : new Headers(request.headers);
    for (const source of [config.headers, options.headers]) if (source) for (const name in source) headers.set(name, source[name]!);
    if (config.apiKey !== undefined) headers.set("Authorization", `Bearer ${config.apiKey}`);
    if (options.idempotencyKey !== undefined) headers.set(IDEMPOTENCY_HEADER, options.idempotencyKey);
    for (let attempt = 1; ; attempt++) {
      if (options.signal?.aborted) throw abortError(options.signal);
      headers.set(ATTEMPT_HEADER, String(attempt));
      config.debug?.({ type: "request", method, url, attempt, headers: redactHeaders(headers) });

      const started = config.debug ? Date.now() : 0;
      const outcome = await attemptOnce(attempt);
      const canRetry = attempt <= maxRetries;

      if ("response" in outcome) {
        const { response } = outcome;
        config.debug?.({ type: "response", method, url, attempt, status: response.status, durationMs: Date.now() - started });
        if (!RETRYABLE_STATUSES.has(response.status) || !canRetry || options.retryPolicy !== "idempotent") return response;
        await backoff(attempt, response.headers, `status ${response.status}`);
        continue;
      }
      const { error, notSent } = outcome;
      config.debug?.({ type: "error", method, url, attempt, message: error.message });
      if (!canRetry || (options.retryPolicy === "unsent-only" && !notSent)) throw error;
      await backoff(attempt, undefined, error.message);
    }

    async function attemptOnce(attempt: number): Promise<{ response: Response } | { error: APIError; notSent: boolean }> {
      const controller = attempt === 1 ? first : new AbortController();
      const timer = setTimeout(() => controller.abort(TIMEOUT), timeoutMs);
      const onAbort = () => controller.abort(options.signal?.reason);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      try {
        const outgoing =
          attempt === 1 && reusable ? request : new Request(url, { method, headers: new Headers(headers), body: body ?? null, redirect: request.redirect, signal: controller.signal });
        const response = await config.fetch(outgoing);
        // Reading the whole body inside the attempt puts it under the timeout and makes a stall retryable.
        const text = await response.text();
        const init = { status: response.status, statusText: response.statusText, headers: response.headers };
        if (!response.ok) {
          lastBodyText = text;
          return { response: new Response(text, init) };
        }
        if (text !== "" && /json/i.test(response.headers.get("content-type") ?? "json")) {
          try {
            lastJson = JSON.parse(text);
          } catch {
            return { error: connectionError(APIConnectionError, `${method} ${url}: the ${response.status} answer is not valid JSON (truncated?)`), notSent: false };
          }
        } else {
          lastJson = text === "" ? undefined : text;
        }
        return { response };
      } catch (cause) {
        if (options.signal?.aborted) throw abortError(options.signal);
        if (controller.signal.reason === TIMEOUT) {
          return { error: connectionError(APITimeoutError, `${method} ${url} timed out after ${timeoutMs} ms`, cause), notSent: false };
        }
        return { error: connectionError(APIConnectionError, `${method} ${url} failed: ${describeCause(cause)}`, cause), notSent: certainlyNotSent(cause) };
      } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
      }
    }

    async function backoff(attempt: number, responseHeaders: Headers | undefined, reason: string): Promise<void> {
      const delayMs = retryDelayMs(attempt, responseHeaders, config.retry);
      config.debug?.({ type: "retry", method, url, attempt, delayMs, reason });
      try {
        await config.clock.sleep(delayMs, options.signal);
      } catch {
        throw abortError(options.signal!);
      }
    }
  }

  function abortError(signal: AbortSignal): APIError {
    return new APIUserAbortError({ message: "Request was aborted", idempotencyKey: options.idempotencyKey, cause: signal.reason });
  }

  return {
    fetch: send,
    signal: first.signal,
    get lastJson() {
      return lastJson;
    },
    get lastBodyText() {
      return lastBodyText;
    },
  };
}

const TIMEOUT = Symbol("timeout");

function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

function certainlyNotSent(error: unknown): boolean {
  return errorChain(error).some((e) => NOT_SENT_CODES.has((e as { code?: string }).code ?? ""));
}

function describeCause(error: unknown): string {
  return errorChain(error)
    .map((e) => [(e as { code?: string }).code, (e as Error).message].filter(Boolean).join(" "))
    .filter(Boolean)
    .join(": ");
}
