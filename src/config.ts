import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from "./retry.js";
import { MindVideoError } from "./errors.js";
import type { DebugLogger } from "./debug.js";
import { SYSTEM_CLOCK, type Clock } from "./poll.js";

export type Fetch = (request: Request) => Promise<Response>;

/** Options shared by both providers' clients. */
export interface ClientOptions {
  /** Defaults to the provider's environment variable. Never logged, never on an error. */
  apiKey?: string | null | undefined;
  baseUrl?: string | undefined;
  /** Retries after the first attempt, per request. */
  maxRetries?: number | undefined;
  /** Per attempt, covering the whole exchange: connect, send, and reading the body. */
  timeoutMs?: number | undefined;
  /** Any web-standard fetch (for tests, proxies, instrumented fetches). */
  fetch?: Fetch | undefined;
  /** Validate inputs against the model schema before sending (default true). */
  validate?: boolean | undefined;
  /** Allow an API key where `window` and `document` exist. Keys belong on servers. */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** Receives request/response/retry events with secrets redacted. */
  debug?: DebugLogger | undefined;
  /** Backoff details beyond maxRetries. */
  retry?: Partial<Omit<RetryOptions, "maxRetries">> | undefined;
  /** Extra headers on every request. */
  headers?: Record<string, string> | undefined;
  /** Advanced: the clock retry backoff and polling run on (tests, simulations). Default: real time. */
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
  validate: true,
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
  validate: boolean;
  retry: RetryOptions;
  fetch: Fetch;
  debug: DebugLogger | undefined;
  headers: Record<string, string>;
  clock: Clock;
}

export function createConfig(options: ClientOptions, provider: ProviderDefaults): ResolvedConfig {
  const apiKey = options.apiKey === null ? undefined : (options.apiKey ?? readEnv(provider.apiKeyEnv));
  if (apiKey !== undefined && isBrowserLike() && !options.dangerouslyAllowBrowser) {
    throw new MindVideoError(
      `${provider.clientName}: refusing to use an API key in a browser, where any visitor could read it. ` +
        "Call the API from your server (see createProxyHandler), or pass dangerouslyAllowBrowser: true if you understand the risk.",
    );
  }
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
  assertCount("maxRetries", maxRetries, provider.clientName);
  assertCount("timeoutMs", timeoutMs, provider.clientName);
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  return {
    clientName: provider.clientName,
    apiKey: apiKey === "" ? undefined : apiKey,
    baseUrl,
    timeoutMs,
    validate: options.validate ?? DEFAULT_CLIENT_OPTIONS.validate,
    retry: { ...DEFAULT_RETRY_OPTIONS, ...options.retry, maxRetries },
    fetch: fetchImpl,
    debug: options.debug,
    headers: options.headers ?? {},
    clock: options.clock ?? SYSTEM_CLOCK,
  };
}

export function assertCount(name: string, value: number, owner: string): void {
  if (!Number.isFinite(value) || value < 0) throw new MindVideoError(`${owner}: ${name} must be a finite number ≥ 0 (got ${value})`);
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
