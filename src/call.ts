import type { ResolvedConfig } from "./config.js";
import { makeAPIError } from "./errors.js";
import { createExchange, type ExchangeOptions } from "./transport.js";

type FetchFn = (request: Request) => Promise<Response>;
interface OpenapiFetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Runs one openapi-fetch call through a fresh exchange (retries, timeout, credentials) and turns a
 * non-2xx answer into the matching APIError class.
 */
export async function callOperation<T>(
  config: ResolvedConfig,
  options: ExchangeOptions,
  invoke: (fetch: FetchFn) => Promise<OpenapiFetchResult<T>>,
): Promise<{ data: T; response: Response }> {
  const exchange = createExchange(config, options);
  const result = await invoke(exchange.fetch);
  if (!result.response.ok) {
    throw makeAPIError({
      status: result.response.status,
      statusText: result.response.statusText,
      headers: result.response.headers,
      bodyText: exchange.lastBodyText,
      idempotencyKey: options.idempotencyKey,
      secret: config.apiKey,
    });
  }
  return { data: result.data as T, response: result.response };
}
