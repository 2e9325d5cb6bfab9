/** Debug events carry no secret: credentials in headers are replaced before any logger sees them. */

export type DebugEvent =
  | { type: "request"; method: string; url: string; attempt: number; headers: Record<string, string> }
  | { type: "response"; method: string; url: string; attempt: number; status: number; durationMs: number }
  | { type: "retry"; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | { type: "error"; method: string; url: string; attempt: number; message: string };

export type DebugLogger = (event: DebugEvent) => void;

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-goog-api-key|ocp-apim-subscription-key)$/i;

const NOT_CREDENTIALS = new Set(["idempotency-key"]);

/** Header names whose values are credentials: never logged, never sent to another origin. */
export function isCredentialHeader(name: string): boolean {
  if (NOT_CREDENTIALS.has(name.toLowerCase())) return false;
  return SECRET_HEADER.test(name) || /(^|-)(auth|token|key|secret|session|signature|password)/i.test(name);
}

export function redactHeaders(headers: Headers, secrets: readonly (string | undefined)[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = isCredentialHeader(name) ? "[redacted]" : redactSecrets(value, secrets);
  });
  return out;
}

/** Below this length a secret is redacted only where it stands as a whole token (so "k" leaves "key" alone). */
const SHORT_SECRET_LENGTH = 8;
const TOKEN_CHAR = "A-Za-z0-9_\\-.~+/=%\\\\";
const matchers = new Map<string, RegExp>();

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
const hex = (code: number, width: number) => code.toString(16).padStart(width, "0");

/**
 * One pattern for a secret as it appears verbatim or encoded: each character may be raw,
 * percent-encoded, JSON-escaped (`\/`, `\uXXXX`) or HTML-escaped; and the secret's base64 and
 * base64url forms at every byte alignment (as inside `Basic` credentials).
 */
function matcherFor(secret: string): RegExp {
  let matcher = matchers.get(secret);
  // Stryker disable next-line ConditionalExpression: the cache only saves rebuilding the same pattern; a rebuilt one matches alike
  if (matcher) return matcher;
  const perChar = [...secret]
    .map((char) => {
      const code = char.codePointAt(0)!;
      const forms = [escapeRegExp(char)];
      if (code < 0x80) forms.push(`%${hex(code, 2)}`, `\\\\u${hex(code, 4)}`, `&#x0*${hex(code, 1)};`, `&#0*${code};`);
      if (char === "/") forms.push("\\\\/");
      if (char === '"') forms.push('\\\\"');
      if (char === "\\") forms.push("\\\\\\\\");
      return forms.length === 1 ? forms[0]! : `(?:${forms.join("|")})`;
    })
    .join("");
  const alternatives = [perChar];
  if (secret.length >= SHORT_SECRET_LENGTH) alternatives.push(...base64Forms(secret).map(escapeRegExp));
  const body = `(?:${alternatives.join("|")})`;
  matcher = new RegExp(secret.length >= SHORT_SECRET_LENGTH ? body : `(?<![${TOKEN_CHAR}])${body}(?![${TOKEN_CHAR}])`, "gi");
  // Stryker disable next-line ConditionalExpression,EqualityOperator: when the cache is emptied changes memory use only, never a match
  if (matchers.size > 32) matchers.clear();
  matchers.set(secret, matcher);
  return matcher;
}

/** The part of base64(prefix + secret) that depends only on the secret, for each prefix length 0–2. */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const forms: string[] = [];
  // Stryker disable next-line EqualityOperator: a fourth alignment (3 bytes of prefix) is the first one shifted by whole base64 quanta, the same middle
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    let binary = "";
    for (const byte of padded) binary += String.fromCharCode(byte);
    const encoded = btoa(binary);
    const middle = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * padded.length) / 6));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: only secrets of 8+ characters get here, whose middles are 10+ characters at every alignment; the check keeps shorter ones out should that change
    if (middle.length >= 8) forms.push(middle, middle.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms;
}

/** Removes a secret, verbatim or encoded, from free text. Always call before truncating text. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || typeof text !== "string") return text;
  const matcher = matcherFor(secret);
  matcher.lastIndex = 0;
  return text.replace(matcher, "[redacted]");
}

export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  return secrets.reduce<string>((out, secret) => redactSecret(out, secret), text);
}
