import { beforeEach, describe, expect, it, vi } from "vitest";
import { isCredentialHeader, redactHeaders, redactSecret, redactSecrets } from "../../src/debug.js";

describe("isCredentialHeader", () => {
  it.each([
    ["authorization", true],
    ["Proxy-Authorization", true],
    ["cookie", true],
    ["set-cookie", true],
    ["x-api-key", true],
    ["api-key", true],
    ["X-Goog-Api-Key", true],
    ["ocp-apim-subscription-key", true],
    ["x-auth-token", true],
    ["x-session-id", true],
    ["x-hub-signature", true],
    ["x-db-password", true],
    ["client-secret", true],
    ["token", true],
    ["x-access-token", true],
    ["idempotency-key", false],
    ["Idempotency-Key", false],
    ["content-type", false],
    ["x-request-id", false],
    ["x-monkey", false],
    ["accept", false],
  ] as const)("%s: %s", (name, want) => {
    expect(isCredentialHeader(name)).toBe(want);
  });
});

describe("redactHeaders", () => {
  it("blanks credential headers and removes secrets from the others", () => {
    const headers = new Headers({ authorization: "Bearer anything", "x-echo": "key=sk-live-0123456789", accept: "application/json" });
    expect(redactHeaders(headers, ["sk-live-0123456789"])).toEqual({ authorization: "[redacted]", "x-echo": "key=[redacted]", accept: "application/json" });
  });
  it("without secrets, only credential headers change", () => {
    expect(redactHeaders(new Headers({ cookie: "a=1", "x-echo": "plain" }))).toEqual({ cookie: "[redacted]", "x-echo": "plain" });
  });
});

const perChar = (secret: string, encode: (code: number) => string) => [...secret].map((c) => encode(c.codePointAt(0)!)).join("");

describe("redactSecret: the secret verbatim or encoded", () => {
  // Patterns are cached per secret for the module's life: each case imports a fresh module, so it builds
  // its own pattern (a pattern cached by an earlier case, or an earlier run in the same process, would
  // hide a fault in building it).
  let redactSecret: typeof import("../../src/debug.js").redactSecret;
  beforeEach(async () => {
    vi.resetModules();
    ({ redactSecret } = await import("../../src/debug.js"));
  });
  let n = 0;
  it.each([
    ["verbatim", (secret: string) => `key ${secret} end`],
    ["in another case", (secret: string) => `key ${secret.toUpperCase()} end`],
    ["percent-encoded (upper-case hex)", (secret: string) => `key ${encodeURIComponent(secret)} end`],
    ["percent-encoded (lower-case hex)", (secret: string) => `key ${encodeURIComponent(secret).toLowerCase()} end`],
    ["every character percent-encoded", (secret: string) => `key ${perChar(secret, (c) => `%${c.toString(16).padStart(2, "0")}`)} end`],
    ["JSON \\u escapes", (secret: string) => `key ${perChar(secret, (c) => `\\u${c.toString(16).padStart(4, "0")}`)} end`],
    ["HTML hex entities", (secret: string) => `key ${perChar(secret, (c) => `&#x${c.toString(16)};`)} end`],
    ["HTML hex entities with leading zeros", (secret: string) => `key ${perChar(secret, (c) => `&#x00${c.toString(16)};`)} end`],
    ["HTML decimal entities", (secret: string) => `key ${perChar(secret, (c) => `&#${c};`)} end`],
    ["HTML decimal entities with leading zeros", (secret: string) => `key ${perChar(secret, (c) => `&#00${c};`)} end`],
    ["a slash JSON-escaped", (secret: string) => `key ${secret.replace("/", "\\/")} end`],
  ])("%s", (_name, encode) => {
    const secret = `sk/live+0123-abc${String.fromCharCode(97 + n++)}`;
    expect(redactSecret(encode(secret), secret)).toBe("key [redacted] end");
  });

  it.each([
    ["a double quote", { secret: 'ab"cdefgh', given: JSON.stringify('ab"cdefgh') }],
    ["a backslash", { secret: "ab\\cdefgh", given: JSON.stringify("ab\\cdefgh") }],
  ])("a secret holding %s, JSON-escaped", (_name, { secret: special, given }) => {
    expect(redactSecret(given, special)).toBe('"[redacted]"');
  });

  it.each([0, 1, 2])("its base64 form after %i bytes of prefix (as in Basic credentials)", (offset) => {
    const long = "mv_live_abcdef123456";
    const encoded = btoa(`${"u:".slice(0, offset)}${long}`);
    const redacted = redactSecret(`Basic ${encoded}`, long);
    expect(redacted).toContain("[redacted]");
    expect(redacted.length).toBeLessThan(`Basic ${encoded}`.length);
  });

  it("its base64url form", () => {
    const long = "~~~~~~~~~~~~";
    const url = btoa(long).replace(/\+/g, "-").replace(/\//g, "_");
    expect(url).toContain("-");
    expect(redactSecret(`t=${url}`, long)).toBe("t=[redacted]");
    expect(redactSecret(`t=${btoa(long)}`, long)).toBe("t=[redacted]");
  });

  it.each([
    ["a short secret alone", { secret: "k", given: "key k", want: "key [redacted]" }],
    ["a short secret inside a word is left", { secret: "abc", given: "xabcx abc", want: "xabcx [redacted]" }],
    ["a short secret after a hyphen is left", { secret: "abc", given: "x-abc", want: "x-abc" }],
    ["a short secret in brackets", { secret: "abc", given: "(abc)", want: "([redacted])" }],
    ["a 7-character secret inside a word is left", { secret: "abcdefg", given: "xxabcdefgyy", want: "xxabcdefgyy" }],
    ["an 8-character secret inside a word is removed", { secret: "abcdefgh", given: "xxabcdefghyy", want: "xx[redacted]yy" }],
    ["every occurrence", { secret: "abcdefgh", given: "abcdefgh abcdefgh", want: "[redacted] [redacted]" }],
    ["a regex character in the secret is literal", { secret: "a.c*e+gh", given: "abcdefgh a.c*e+gh", want: "abcdefgh [redacted]" }],
  ] as const)("%s", (_name, { secret: s, given, want }) => {
    expect(redactSecret(given, s)).toBe(want);
  });

  it("the same secret twice in a row (the cached pattern starts over)", () => {
    expect(redactSecret("abcdefgh abcdefgh", "abcdefgh")).toBe("[redacted] [redacted]");
    expect(redactSecret("abcdefgh", "abcdefgh")).toBe("[redacted]");
  });

  it("many different secrets one after another", () => {
    for (let i = 0; i < 40; i++) expect(redactSecret(`v secret-number-${i} v`, `secret-number-${i}`)).toBe("v [redacted] v");
    expect(redactSecret("v secret-number-0 v", "secret-number-0")).toBe("v [redacted] v");
  });

  it.each([
    ["no secret", { text: "abc", secret: undefined, want: "abc" }],
    ["an empty secret", { text: "abc", secret: "", want: "abc" }],
    ["a text that is not a string", { text: 42 as never, secret: "abcdefgh", want: 42 }],
  ] as const)("%s: the text unchanged", (_name, { text, secret: s, want }) => {
    expect(redactSecret(text, s)).toBe(want);
  });

  it("redactSecrets removes each, skipping missing ones", () => {
    expect(redactSecrets("one-secret-aaa two-secret-bbb", [undefined, "one-secret-aaa", "", "two-secret-bbb"])).toBe("[redacted] [redacted]");
  });
});
