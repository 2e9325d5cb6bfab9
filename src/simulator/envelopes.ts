/**
 * The contract's error envelope for each API and status: MindVideo's string codes, the gateway's
 * numeric ones. Codes and types are the spec's own examples (test/mock/units/envelopes-spec.test.ts).
 */
import { reply, requestId, type Reply } from "./http.js";
import type { ProviderName } from "./state.js";

const MINDVIDEO: Record<number, [code: string, type: string]> = {
  400: ["invalid_request", "invalid_request_error"],
  401: ["invalid_api_key", "authentication_error"],
  404: ["not_found", "not_found_error"],
  413: ["request_too_large", "request_too_large_error"],
  429: ["rate_limit_exceeded", "rate_limit_error"],
  500: ["internal_error", "internal_server_error"],
  502: ["upstream_unavailable", "upstream_error"],
};
const GATEWAY: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  404: "not_found_error",
  413: "request_too_large_error",
  429: "rate_limit_error",
  500: "internal_server_error",
  502: "upstream_error",
};

export interface ErrorDetails {
  message: string;
  /** MindVideo's machine-readable code when it is more specific than the status's (invalid_input, invalid_json). */
  code?: string | undefined;
  param?: string | undefined;
  headers?: Record<string, string> | undefined;
}

export function errorReply(api: ProviderName, status: number, details: ErrorDetails): Reply {
  const id = requestId();
  const param = details.param ? { param: details.param } : {};
  if (api === "gateway") {
    return reply(status, { error: { code: status, message: details.message, type: GATEWAY[status] ?? "internal_server_error", ...param } }, { "x-request-id": id, ...details.headers });
  }
  const [code, type] = MINDVIDEO[status] ?? ["internal_error", "internal_server_error"];
  return reply(status, { error: { code: details.code ?? code, message: details.message, type, ...param }, request_id: id }, { "x-request-id": id, ...details.headers });
}
