import type { ResolvedConfig } from "./config.js";
import { safeCause } from "./checks.js";
import { APIUserAbortError, makeAPIError } from "./errors.js";
import { checkCallOptions, createExchange, PlannedRequest, type ExchangeOptions } from "./transport.js";

/** Spread into every openapi-fetch call: our fetch, and no second parse of the body we already parsed. */
export interface CallInit {
  fetch: (request: Request) => Promise<Response>;
  /** openapi-fetch builds this instead of a Request; the exchange sends the real one (one Request per attempt). */
  Request: typeof Request;
  parseAs: "stream";
  signal: AbortSignal;
  /** Redirects are the exchange's to follow (GETs only, credentials kept to the configured origin). */
  redirect: "manual";
}
interface OpenapiFetchResult {
  response: Response;
}

/**
 * Runs one openapi-fetch call through a fresh exchange (retries, timeout, credentials) and turns a
 * non-2xx answer into the matching APIError class.
 */
export async function callOperation<T = unknown>(
  config: ResolvedConfig,
  options: ExchangeOptions,
  invoke: (init: CallInit) => Promise<OpenapiFetchResult>,
): Promise<{ data: T; response: Response }> {
  // A slot before anything is built: a call waiting its turn holds only its arguments. The timeout starts with each attempt, after this.
  if (!config.slots.tryAcquire()) {
    // A call that must wait has its options checked first: a careless call fails at once, not when its turn comes.
    checkCallOptions(config, options);
    await config.slots.acquire(options.signal).catch(() => Promise.reject(userAbort(options, config.secrets)));
  }
  let result: OpenapiFetchResult;
  let exchange: ReturnType<typeof createExchange>;
  try {
    exchange = createExchange(config, options);
    result = await invoke({ fetch: exchange.fetch as CallInit["fetch"], Request: PlannedRequest as unknown as typeof Request, parseAs: "stream", signal: exchange.signal, redirect: "manual" });
  } finally {
    config.slots.release();
  }
  if (!result.response.ok) {
    throw makeAPIError({
      status: result.response.status,
      statusText: result.response.statusText,
      headers: result.response.headers,
      bodyText: exchange.lastBodyText,
      idempotencyKey: options.idempotencyKey,
      secret: config.apiKey,
      secrets: exchange.secrets,
    });
  }
  return { data: exchange.lastJson as T, response: result.response };
}

function userAbort(options: ExchangeOptions, secrets: readonly string[]): APIUserAbortError {
  return new APIUserAbortError({ message: "Request was aborted", idempotencyKey: options.idempotencyKey, cause: safeCause(options.signal?.reason, secrets) });
}
