import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from "./retry.js";
import { MindVideoError } from "./errors.js";
import { isCredentialHeader, type DebugLogger } from "./debug.js";
import { SYSTEM_CLOCK, type Clock } from "./poll.js";
import { RequestSlots } from "./request-slots.js";

export type Fetch = (request: Request) => Promise<Response>;

/**
 * Marks a `Fetch` that also takes fetch's `(url, init)`: the client then calls it so, without
 * building a Request per attempt (undici's Request adds a body stream and a signal follower that
 * only a full GC frees). Set by `nodeHttpFetch`; any other fetch gets a Request.
 */
export const ACCEPTS_INIT: unique symbol = Symbol.for("mindvideo.fetch.acceptsInit");
export interface InitFetch {
  (url: string, init: RequestInit): Promise<Response>;
  readonly [ACCEPTS_INIT]: true;
}

/** Options shared by both providers' clients. */
export interface ClientOptions {
  /** Defaults to the provider's environment variable. Never logged, never on an error. Must be printable ASCII without spaces. */
  apiKey?: string | null | undefined;
  baseUrl?: string | undefined;
  /** Retries after the first attempt, per request (default 2). */
  maxRetries?: number | undefined;
  /** Per attempt, covering the whole exchange: connect, send, and reading the body (default 60 000 ms). */
  timeoutMs?: number | undefined;
  /** Largest answer read, counted after decompression while streaming (default 16 MiB). */
  maxResponseBytes?: number | undefined;
  /** Any web-standard fetch (for tests, proxies, instrumented fetches). */
  fetch?: Fetch | undefined;
  /**
   * Calls this client has in flight at once (default 64; Infinity for no cap); a call keeps its slot
   * through its retries, a sleeping wait() holds none. More calls wait their turn in order, holding no
   * connection and no answer; `timeoutMs` starts with each attempt, not while the call waits, and a
   * call's signal takes it out of the queue.
   */
  maxConcurrentRequests?: number | undefined;
  /** Validate inputs against the model schema before sending (default true). */
  validate?: boolean | undefined;
  /** Allow an API key where `window` and `document` exist. Keys belong on servers (default false). */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** Receives request/response/retry events with secrets redacted. */
  debug?: DebugLogger | undefined;
  /** Backoff details beyond maxRetries. */
  retry?: Partial<Omit<RetryOptions, "maxRetries">> | undefined;
  /** Extra headers on every request; never sent to another origin than baseUrl's. */
  headers?: Record<string, string> | undefined;
  /**
   * Where waits happen: retry backoff and task polling sleep on it (a wait call's own `clock` wins).
   * Default: wall time. A mock's manual clock (`createMock({ clock: "manual" }).clock`) makes them virtual.
   */
  clock?: Clock | undefined;
}

/** Per-call options; each overrides the client's default for this call only. */
export interface RequestOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  headers?: Record<string, string> | undefined;
}

export const DEFAULT_CLIENT_OPTIONS = Object.freeze({
  maxRetries: DEFAULT_RETRY_OPTIONS.maxRetries,
  timeoutMs: 60_000,
  maxResponseBytes: 16 * 1024 * 1024,
  validate: true,
  maxConcurrentRequests: 64,
} as const);

export interface ProviderDefaults {
  /** Used in messages: "MindVideo", "VideoGateway". */
  clientName: string;
  apiKeyEnv: string;
  baseUrl: string;
}

export interface ResolvedConfig {
  clientName: string;
  apiKey: string | undefined;
  baseUrl: string;
  timeoutMs: number;
  maxResponseBytes: number;
  validate: boolean;
  retry: RetryOptions;
  fetch: Fetch;
  /**
   * True when no fetch option was given: the transport then calls globalThis.fetch(url, init) at call
   * time (still interceptable), so the one Request of an attempt is the one fetch builds itself.
   */
  globalFetch: boolean;
  /** The cap on this client's requests in flight. */
  slots: RequestSlots;
  /** The fetch option when it takes `(url, init)` too (see ACCEPTS_INIT): called so, no Request built. */
  initFetch: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
  debug: DebugLogger | undefined;
  headers: Record<string, string>;
  /** The key and the values of credential headers: scrubbed from every text that leaves the SDK. */
  secrets: readonly string[];
  clock: Clock;
}

export function createConfig(options: ClientOptions, provider: ProviderDefaults): ResolvedConfig {
  const fromOption = options.apiKey !== undefined;
  const rawKey: unknown = options.apiKey === null ? undefined : (options.apiKey ?? readEnv(provider.apiKeyEnv));
  const apiKey = rawKey === "" ? undefined : rawKey;
  if (apiKey !== undefined) assertApiKey(apiKey, `${provider.clientName}: the API key (${fromOption ? "the apiKey option" : provider.apiKeyEnv})`);
  if (apiKey !== undefined && isBrowserLike() && !options.dangerouslyAllowBrowser) {
    throw new MindVideoError(
      `${provider.clientName}: refusing to use an API key in a browser, where any visitor could read it. ` +
        "Call the API from your server (see createProxyHandler), or pass dangerouslyAllowBrowser: true if you understand the risk.",
    );
  }
  // Checked before it is trimmed: a number or null here must name baseUrl, not fail inside replace().
  assertBaseUrl(options.baseUrl ?? provider.baseUrl, provider.clientName);
  const baseUrl = (options.baseUrl ?? provider.baseUrl).replace(/\/+$/, "");
  // The provider's own server always wants a key: say which variable before anything is sent. Another
  // base URL (a proxy, the mock) may add the key itself, and `apiKey: null` opts out explicitly.
  if ((apiKey === undefined || apiKey === "") && options.apiKey !== null && baseUrl === provider.baseUrl.replace(/\/+$/, "")) {
    throw new MindVideoError(
      `${provider.clientName}: no API key. Set the ${provider.apiKeyEnv} environment variable or pass apiKey; nothing was sent.`,
    );
  }
  const maxRetries = options.maxRetries ?? DEFAULT_CLIENT_OPTIONS.maxRetries;
  const timeoutMs = options.timeoutMs ?? DEFAULT_CLIENT_OPTIONS.timeoutMs;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_CLIENT_OPTIONS.maxResponseBytes;
  assertCount("maxRetries", maxRetries, provider.clientName);
  assertCount("timeoutMs", timeoutMs, provider.clientName);
  assertCount("maxResponseBytes", maxResponseBytes, provider.clientName);
  const retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry, maxRetries };
  for (const name of ["initialDelayMs", "maxDelayMs", "maxRetryAfterMs", "minDelayMs"] as const) assertCount(`retry.${name}`, retry[name], provider.clientName);
  if (!(retry.jitter >= 0 && retry.jitter <= 1)) throw new MindVideoError(`${provider.clientName}: retry.jitter must be a number from 0 to 1 (got ${String(retry.jitter)})`);
  const headers = checkHeaders(options.headers, `${provider.clientName}: headers`);
  const maxConcurrentRequests = options.maxConcurrentRequests ?? DEFAULT_CLIENT_OPTIONS.maxConcurrentRequests;
  if (!(maxConcurrentRequests === Infinity || (Number.isInteger(maxConcurrentRequests) && maxConcurrentRequests >= 1))) {
    throw new MindVideoError(`${provider.clientName}: maxConcurrentRequests must be a whole number ≥ 1, or Infinity for no cap (got ${String(maxConcurrentRequests)})`);
  }
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  return {
    clientName: provider.clientName,
    apiKey: apiKey as string | undefined,
    baseUrl,
    timeoutMs,
    maxResponseBytes,
    validate: options.validate ?? DEFAULT_CLIENT_OPTIONS.validate,
    retry,
    fetch: fetchImpl,
    globalFetch: options.fetch === undefined,
    initFetch: acceptsInit(options.fetch) ? options.fetch : undefined,
    slots: new RequestSlots(maxConcurrentRequests),
    debug: options.debug,
    headers,
    secrets: [...(typeof apiKey === "string" ? [apiKey] : []), ...credentialValues(headers)],
    clock: options.clock ?? SYSTEM_CLOCK,
  };
}

function acceptsInit(fetch: Fetch | undefined): fetch is Fetch & InitFetch {
  return (fetch as Partial<InitFetch> | undefined)?.[ACCEPTS_INIT] === true;
}

/**
 * The key becomes a header value: a line break (a two-line `.env` value), a space or a character
 * outside printable ASCII would make fetch throw a TypeError quoting the whole key. Refused here,
 * with a message that says where the problem is but never what the key is.
 */
export function assertApiKey(key: unknown, label: string): asserts key is string {
  if (typeof key !== "string") throw new MindVideoError(`${label} must be a string (got ${key === null ? "null" : typeof key})`);
  const bad = /[^\x21-\x7e]/.exec(key);
  if (bad) {
    const code = bad[0].codePointAt(0)!;
    const what = code === 0x0a || code === 0x0d ? "a line break" : code === 0x20 || code === 0x09 ? "whitespace" : code < 0x20 || code === 0x7f ? "a control character" : "a non-ASCII character";
    throw new MindVideoError(`${label} contains ${what} at character ${bad.index + 1} of ${key.length}; an API key is printable ASCII without spaces (check for a stray newline or quotes in your .env)`);
  }
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Header names and values fetch would accept; errors name the header, never its value. */
export function checkHeaders(headers: Record<string, string> | undefined, label: string): Record<string, string> {
  if (headers === undefined || headers === null) return {};
  if (typeof headers !== "object") throw new MindVideoError(`${label} must be an object of header names to string values`);
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value: unknown = headers[name];
    if (!HEADER_NAME.test(name)) throw new MindVideoError(`${label}: ${JSON.stringify(name.slice(0, 64))} is not a valid header name`);
    if (typeof value !== "string") throw new MindVideoError(`${label}: the value of ${name} must be a string (got ${value === null ? "null" : typeof value})`);
    if (!HEADER_VALUE.test(value)) throw new MindVideoError(`${label}: the value of ${name} contains a line break or control character (value not shown)`);
    out[name] = value;
  }
  return out;
}

export function credentialValues(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name, value]) => isCredentialHeader(name) && value !== "")
    .flatMap(([, value]) => [value, ...(/^\s*\S+\s+(\S{8,})\s*$/.exec(value)?.slice(1) ?? [])]);
}

export function assertCount(name: string, value: number, owner: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new MindVideoError(`${owner}: ${name} must be a finite number ≥ 0 (got ${String(value)})`);
}

/** Environment variables where runtimes expose them (Node, Bun, Deno), without importing node:*. */
export function readEnv(name: string): string | undefined {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> }; Deno?: { env?: { get(key: string): string | undefined } } };
  try {
    return g.process?.env?.[name] ?? g.Deno?.env?.get(name) ?? undefined;
  } catch {
    return undefined; // Deno without --allow-env throws; treat as unset
  }
}

export function isBrowserLike(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown };
  return typeof g.window !== "undefined" && typeof g.document !== "undefined";
}

/**
 * Credentials in baseUrl (`https://user:key@host`) would be quoted by every error and debug event
 * that names the URL, and fetch refuses such URLs anyway: refused here, without quoting the URL.
 */
export function assertBaseUrl(baseUrl: unknown, owner: string): void {
  if (typeof baseUrl !== "string") throw new MindVideoError(`${owner}: baseUrl must be a string (got ${baseUrl === null ? "null" : typeof baseUrl})`);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return; // a path such as /api/mindvideo, resolved by the browser against the page
  }
  if (url.username !== "" || url.password !== "") {
    throw new MindVideoError(`${owner}: baseUrl must not carry credentials (user:password@ before the host); pass the key as apiKey (URL not shown)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new MindVideoError(`${owner}: baseUrl must be an http(s) URL (got ${url.protocol.slice(0, 32)})`);
}
