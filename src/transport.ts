/**
 * The fetch handed to openapi-fetch for one call: it adds credentials and the attempt number,
 * enforces the timeout over the whole exchange (body included, read with a byte cap), follows
 * redirects itself (GETs only, credentials dropped across origins), and retries what is safe to
 * retry. Each call gets its own exchange, so its idempotency key and its last error body stay with
 * that call.
 */
import { assertCount, checkHeaders, credentialValues, type RequestOptions, type ResolvedConfig } from "./config.js";
import { isCredentialHeader, redactHeaders, redactSecrets } from "./debug.js";
import { safeCause } from "./checks.js";
import { APIConnectionError, APITimeoutError, MindVideoError, APIUserAbortError, RedirectError, ResponseTooLargeError, type APIError } from "./errors.js";
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

/**
 * What openapi-fetch builds for a call in place of a Request (its `Request` option): the URL, the
 * method, the headers and the serialized body, nothing more. The exchange builds what it sends from
 * it, so an attempt costs one Request (the one fetch builds) instead of two, and no signal chain.
 */
export class PlannedRequest {
  /** Makes the type nominal (a Request has every other field); no runtime field. */
  private declare readonly planned: true;
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  readonly signal: AbortSignal | null;
  readonly redirect: RequestRedirect;

  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = String(input);
    this.method = (init.method ?? "GET").toUpperCase();
    // openapi-fetch hands over a Headers of its own for this call: kept, not copied.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? null;
    this.redirect = init.redirect ?? "follow";
  }
}

export interface Exchange {
  fetch: (request: Request | PlannedRequest) => Promise<Response>;
  /** The first attempt's signal, handed to openapi-fetch so its Request can be sent as it is. */
  readonly signal: AbortSignal;
  /** The final 2xx answer's parsed JSON: parsed once here, so openapi-fetch is asked not to parse again. */
  readonly lastJson: unknown;
  /** The final non-2xx answer's body text, for the error factory. */
  readonly lastBodyText: string;
  /** Secrets of this call (the key, credential headers): scrubbed from whatever leaves the SDK. */
  readonly secrets: readonly string[];
}

/** The spec's Idempotency-Key: 1–255 characters; printable ASCII with no blank ends, so no runtime trims or refuses it. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

type Outcome = { response: Response } | { error: APIError; notSent: boolean; final?: boolean };

/**
 * The per-call option checks, without building anything: callOperation runs them before a call
 * waits for its request slot, so a careless call fails at once rather than after the queue drains.
 */
export function checkCallOptions(config: ResolvedConfig, options: ExchangeOptions): Readonly<Record<string, string>> {
  // Per-call overrides get the client options' checks: NaN or a negative would fire the timeout at once, Infinity retry forever.
  assertCount("maxRetries", options.maxRetries ?? config.retry.maxRetries, `${config.clientName}: options`);
  assertCount("timeoutMs", options.timeoutMs ?? config.timeoutMs, `${config.clientName}: options`);
  // A key servers would drop or ignore (empty, blank, not a header value) lets every retry of a create charge again.
  if (options.idempotencyKey !== undefined && !(typeof options.idempotencyKey === "string" && IDEMPOTENCY_KEY.test(options.idempotencyKey))) {
    throw new MindVideoError(`${config.clientName}: idempotencyKey must be 1 to 255 printable ASCII characters, not blank at either end (got ${typeof options.idempotencyKey === "string" ? `${options.idempotencyKey.length} characters` : typeof options.idempotencyKey}); nothing was sent`);
  }
  // Most calls pass no headers of their own: nothing to check, and the client's secrets as they are.
  return options.headers === undefined ? NO_HEADERS : checkHeaders(options.headers, `${config.clientName}: options.headers`);
}

export function createExchange(config: ResolvedConfig, options: ExchangeOptions): Exchange {
  const maxRetries = options.maxRetries ?? config.retry.maxRetries;
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;
  const callHeaders = checkCallOptions(config, options);
  const callSecrets = callHeaders === NO_HEADERS ? NO_SECRETS : credentialValues(callHeaders);
  const secrets = callSecrets.length === 0 ? config.secrets : [...config.secrets, ...callSecrets];
  const scrub = (text: string) => redactSecrets(text, secrets);
  let lastBodyText = "";
  let lastJson: unknown;
  // The first attempt's controller exists before openapi-fetch builds its Request, so a GET's
  // Request is sent as built: no copy of the request, its headers or the response on the hot path.
  const first = new AbortController();
  const firstSignal = options.signal === undefined ? first.signal : anySignal([first.signal, options.signal]);

  const fail = (ErrorClass: typeof APIConnectionError, message: string, cause?: unknown, extra: object = {}): APIError =>
    // Redacted before it is shortened, so no prefix of a secret survives the cut.
    new ErrorClass({ message: cap(scrub(message), 4_000), idempotencyKey: options.idempotencyKey, cause: safeCause(cause, secrets), ...extra });

  async function send(given: Request | PlannedRequest): Promise<Response> {
    // A body other than text (FormData, a Blob) is read through a Request, which also sets its Content-Type.
    const request = given instanceof PlannedRequest && given.body !== null && typeof given.body !== "string" ? new Request(given.url, given) : given;
    const method = request.method;
    const url = request.url;
    const reusable = method === "GET" || method === "HEAD";
    // Text is reused as it is on every attempt; bytes are copied per attempt (fetch may detach them).
    const body: string | Uint8Array | undefined = reusable ? undefined : request instanceof PlannedRequest ? (request.body as string | null) ?? undefined : new Uint8Array(await request.arrayBuffer());
    // Headers that stay the same on every attempt, set once per call (fetch copies them into each Request).
    const headers = request instanceof PlannedRequest ? request.headers : new Headers(request.headers);
    for (const name in config.headers) headers.set(name, config.headers[name]!);
    for (const name in callHeaders) headers.set(name, callHeaders[name]!);
    if (config.apiKey !== undefined) headers.set("Authorization", `Bearer ${config.apiKey}`);
    if (options.idempotencyKey !== undefined) headers.set(IDEMPOTENCY_HEADER, options.idempotencyKey);
    /** Set for the attempt in progress when its fetch is the caller's (see attemptOnce). */
    let settleOnAbort: (<T>(pending: Promise<T>) => Promise<T>) | undefined;
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
      // The runtime's fetch and node:http honour the signal; a caller's fetch might not (a wrapper
      // that rebuilds the request without it), and then only this race makes the timeout hold and
      // frees the call's request slot.
      settleOnAbort = config.globalFetch || config.initFetch ? undefined : abortRace(signal);
      let target = url;
      let hops = 0;
      try {
        let hopHeaders = headers;
        for (;;) {
          const response = await (settleOnAbort ? settleOnAbort(dispatch(target, hopHeaders, signal)) : dispatch(target, hopHeaders, signal));
          if (!isRedirect(response)) return await settle(response);
          await response.body?.cancel().catch(() => {});
          const location = response.headers.get("location") ?? undefined;
          const next = location === undefined ? undefined : safeUrl(location, target);
          // Redacted before it is shortened: a cut through an echoed key would leave its prefix.
          const shown = location === undefined ? undefined : cap(scrub(location), 2048);
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
          hopHeaders = new Headers(headers);
          if (new URL(next).origin !== new URL(url).origin) {
            const custom = new Set([...Object.keys(config.headers), ...Object.keys(callHeaders)].map((name) => name.toLowerCase()));
            for (const name of [...hopHeaders.keys()]) if (name === "authorization" || custom.has(name) || isCredentialHeader(name)) hopHeaders.delete(name);
          }
          target = next;
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
        settleOnAbort = undefined;
      }
    }

    /** One request of an attempt: fetch copies the headers when it builds its Request, so they are not copied here. */
    function dispatch(target: string, hopHeaders: Headers, signal: AbortSignal): Promise<Response> {
      // A fresh copy of a byte body per request: a body handed to fetch may be transferred (detached).
      const init: RequestInit = { method, headers: hopHeaders, body: body === undefined ? null : typeof body === "string" ? body : body.slice(), redirect: "manual", signal };
      return config.globalFetch ? globalThis.fetch(target, init) : config.initFetch ? config.initFetch(target, init) : config.fetch(new Request(target, init));
    }

    async function settle(response: Response): Promise<Outcome> {
      if (!response.ok) {
        lastBodyText = await readText(response, Math.min(MAX_ERROR_BODY_BYTES, config.maxResponseBytes), "truncate");
        const init = { status: response.status, statusText: response.statusText, headers: response.headers };
        return { response: new Response(NULL_BODY_STATUSES.has(response.status) ? null : lastBodyText, init) };
      }
      // Reading the whole body inside the attempt puts it under the timeout and makes a stall retryable.
      const text = await readText(response, config.maxResponseBytes, "fail");
      if (text !== "" && /json/i.test(response.headers.get("content-type") ?? "json")) {
        try {
          lastJson = JSON.parse(text);
          // A task can quote the key (an error message echoing it): its strings leave the SDK on errors, in logs and CLIs.
          if (secrets.length > 0 && scrub(text) !== text) lastJson = redactStrings(lastJson, scrub);
        } catch {
          return { error: fail(APIConnectionError, `${method} ${url}: the ${response.status} answer is not valid JSON (truncated?)`), notSent: false };
        }
      } else {
        lastJson = text === "" ? undefined : scrub(text);
      }
      // The answer itself goes back (its body consumed): openapi-fetch is asked for the stream, not to parse it.
      return { response };
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
      const chunks: Uint8Array[] = [];
      let size = 0;
      let finished = false;
      try {
        for (;;) {
          const { done, value } = await (settleOnAbort ? settleOnAbort(reader.read()) : reader.read());
          if (done) {
            finished = true;
            return decode(chunks, size);
          }
          size += value.byteLength;
          if (size > limit) {
            if (overflow === "fail") throw tooLarge();
            chunks.push(value.subarray(0, value.byteLength - (size - limit)));
            return decode(chunks, limit);
          }
          chunks.push(value);
        }
      } finally {
        // A stream read to its end has nothing left to cancel; any other exit stops the transfer.
        if (!finished) reader.cancel().catch(() => {});
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
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_SECRETS: readonly string[] = Object.freeze([]);
/** Shared: decode() without `stream` keeps no state between calls. */
const UTF8 = new TextDecoder();

/** The bytes read, as text: kept as bytes while reading, so a sequence split across chunks decodes whole. */
function decode(chunks: readonly Uint8Array[], size: number): string {
  if (chunks.length === 1) return UTF8.decode(chunks[0]);
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return UTF8.decode(all);
}
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
 * True only when the connection to `target` itself failed before anything was sent: every coded
 * cause is a refusal or a DNS failure that, when it names a port or an address, names this target's.
 */
function certainlyNotSent(error: unknown, target: string): boolean {
  const url = new URL(target);
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // Every coded link must say "never connected": a socket error wrapping an earlier refusal means this attempt may have been sent.
  const coded = errorChain(error).filter((e) => typeof (e as { code?: unknown } | null)?.code === "string");
  return coded.length > 0 && coded.every((e) => {
    const { code, port: failedPort, address } = e as { code: string; port?: unknown; address?: unknown };
    if (!NOT_SENT_CODES.has(code)) return false;
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

/** Scrubs every string (values and keys) of parsed JSON in place, without recursion (any depth). */
function redactStrings(root: unknown, scrub: (text: string) => string): unknown {
  if (typeof root === "string") return scrub(root);
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== "object" || node === null) continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      const clean = typeof value === "string" ? scrub(value) : value;
      if (typeof value === "object" && value !== null) pending.push(value);
      const cleanKey = scrub(key);
      if (cleanKey !== key) delete record[key];
      Object.defineProperty(record, cleanKey, { value: clean, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/**
 * Races each awaited step of an attempt against its signal: rejects with the signal's reason once it
 * aborts, whether or not the step itself ever settles. One listener per attempt, not per step.
 */
function abortRace(signal: AbortSignal): <T>(pending: Promise<T>) => Promise<T> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => {}); // a race nobody is awaiting any more must not be an unhandled rejection
  return (pending) => Promise.race([pending, aborted]);
}
