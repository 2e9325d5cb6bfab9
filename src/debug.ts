/** Debug events carry no secret: credentials in headers are replaced before any logger sees them. */

export type DebugEvent =
  | { type: "request"; method: string; url: string; attempt: number; headers: Record<string, string> }
  | { type: "response"; method: string; url: string; attempt: number; status: number; durationMs: number }
  | { type: "retry"; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | { type: "error"; method: string; url: string; attempt: number; message: string };

export type DebugLogger = (event: DebugEvent) => void;

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key)$/i;

export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADER.test(name) ? "[redacted]" : value;
  });
  return out;
}

/** Shorter "secrets" (test placeholders) would mangle ordinary words if replaced. */
const MIN_SECRET_LENGTH = 8;

/** Removes a secret from free text (an error message that echoes a header, for instance). */
export function redactSecret(text: string, secret: string | undefined): string {
  return secret && secret.length >= MIN_SECRET_LENGTH ? text.split(secret).join("[redacted]") : text;
}
