import { describe, expect, it, vi } from "vitest";
import { assertTaskId, assertTaskObject, safeCause } from "../../src/checks.js";
import { InvalidResponseError, InvalidTaskIdError } from "../../src/errors.js";

const RULE = 'taskId must be 1 to 256 letters, digits or . _ : ~ - (and not "." or "..")';

describe("assertTaskId: only ids that cannot be read as another path", () => {
  it.each([
    ["letters and digits", "task123"],
    ["every allowed punctuation", "a.b_c:d~e-f"],
    ["one character", "x"],
    ["exactly 256 characters", "a".repeat(256)],
    ["three dots (not a path segment)", "..."],
    ["a dot inside", "a."],
  ])("accepts %s", (_name, given) => {
    expect(() => assertTaskId(given, "tasks.get")).not.toThrow();
  });

  it.each([
    ["the empty string", { given: "", want: 'got ""' }],
    ["a single dot", { given: ".", want: 'got "."' }],
    ["two dots", { given: "..", want: 'got ".."' }],
    ["a slash", { given: "a/b", want: 'got "a/b"' }],
    ["a query", { given: "a?b", want: 'got "a?b"' }],
    ["a space at the end", { given: "abc ", want: 'got "abc "' }],
    ["a newline at the start", { given: "\nabc", want: 'got "\\nabc"' }],
    ["257 characters (shown cut to 64)", { given: "a".repeat(257), want: `got "${"a".repeat(64)}…"` }],
    ["null", { given: null, want: "got null" }],
    ["a number", { given: 42, want: "got number" }],
    ["undefined", { given: undefined, want: "got undefined" }],
  ])("refuses %s, naming the caller, the rule and what it got", (_name, { given, want }) => {
    expect.assertions(3);
    try {
      assertTaskId(given, "tasks.get");
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTaskIdError);
      expect((error as Error).message).toBe(`tasks.get: ${RULE}; ${want}`);
      expect((error as Error).name).toBe("InvalidTaskIdError");
    }
  });

  it("shows a 64-character id whole", () => {
    expect(() => assertTaskId(`${"a".repeat(63)}/`, "x")).toThrow(`; got "${"a".repeat(63)}/"`);
    expect(() => assertTaskId(`${"a".repeat(64)}/`, "x")).toThrow(`; got "${"a".repeat(64)}…"`);
  });
});

describe("assertTaskObject: the answer must be a JSON object", () => {
  it.each([
    ["an object", {}],
    ["a task", { id: "t", status: "pending" }],
  ])("accepts %s", (_name, given) => {
    expect(() => assertTaskObject(given, 200, "tasks.get")).not.toThrow();
  });

  it.each([
    ["null", { given: null, want: "tasks.get: the 200 answer is not a task object (got null)" }],
    ["an array", { given: [], want: "tasks.get: the 200 answer is not a task object (got an array)" }],
    ["a string", { given: "ok", want: "tasks.get: the 200 answer is not a task object (got string)" }],
    ["a number", { given: 1, want: "tasks.get: the 200 answer is not a task object (got number)" }],
    ["undefined", { given: undefined, want: "tasks.get: the 200 answer is not a task object (got undefined)" }],
  ])("refuses %s with an InvalidResponseError carrying the status", (_name, { given, want }) => {
    expect.assertions(3);
    try {
      assertTaskObject(given, 200, "tasks.get");
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as InvalidResponseError).message).toBe(want);
      expect((error as InvalidResponseError).status).toBe(200);
    }
  });
});

const SECRET = "sk-live-0123456789abcdef";

describe("safeCause: a cause is kept as is unless a secret shows in it", () => {
  it.each([
    ["no cause", { given: { cause: undefined, secrets: [SECRET] } }],
    ["no secrets", { given: { cause: new Error(`bad ${SECRET}`), secrets: [] } }],
    ["only empty or missing secrets", { given: { cause: new Error("bad  key"), secrets: ["", undefined] } }],
    ["a clean error", { given: { cause: new Error("connect ECONNREFUSED"), secrets: [SECRET] } }],
    ["a clean chain", { given: { cause: new Error("outer", { cause: new Error("inner") }), secrets: [SECRET] } }],
    ["a clean string", { given: { cause: "plain text", secrets: [SECRET] } }],
    ["a clean object with a circular reference", { given: { cause: circular(), secrets: [SECRET] } }],
  ] as const)("the original: %s", (_name, { given }) => {
    expect(safeCause(given.cause, given.secrets)).toBe(given.cause);
  });

  it("a secret in the message: a copy with the secret redacted, name and code kept", () => {
    const original = Object.assign(new TypeError(`fetch failed for ${SECRET}`), { code: "ECONNRESET" });
    const copy = safeCause(original, [SECRET]) as Error & { code?: unknown };
    expect(copy).not.toBe(original);
    expect(copy).toBeInstanceOf(Error);
    expect(copy.message).toBe("fetch failed for [redacted]");
    expect(copy.name).toBe("TypeError");
    expect(copy.code).toBe("ECONNRESET");
    expect(copy.stack).toBe("TypeError: fetch failed for [redacted]");
    expect(copy.cause).toBeUndefined();
    expect("code" in (safeCause(new Error(`x ${SECRET}`), [SECRET]) as object)).toBe(false);
  });

  it("a secret deep in the chain: the whole chain copied, link by link", () => {
    const original = new Error("outer", { cause: Object.assign(new RangeError(`inner ${SECRET}`), { code: 7 }) });
    const copy = safeCause(original, [undefined, SECRET]) as Error;
    const inner = copy.cause as Error & { code?: unknown };
    expect([copy.name, copy.message, inner.name, inner.message, inner.code, inner.cause]).toEqual(["Error", "outer", "RangeError", "inner [redacted]", 7, undefined]);
  });

  it("a secret only in the stack", () => {
    const original = new Error("plain");
    original.stack = `Error: plain\n    at ${SECRET}`;
    const copy = safeCause(original, [SECRET]) as Error;
    expect(copy).not.toBe(original);
    expect(copy.stack).toBe("Error: plain");
  });

  it("a cause that is a string with the secret", () => {
    const copy = safeCause(`token ${SECRET}`, [SECRET]) as Error;
    expect([copy.name, copy.message]).toEqual(["Error", "token [redacted]"]);
  });

  it("a plain object with a secret message and a non-string name", () => {
    const copy = safeCause({ name: 5, message: `m ${SECRET}` }, [SECRET]) as Error;
    expect([copy.name, copy.message]).toEqual(["Error", "m [redacted]"]);
  });

  it("an object without a message: rendered as text", () => {
    const copy = safeCause({ toString: () => `obj ${SECRET}` }, [SECRET]) as Error;
    expect(copy.message).toBe("obj [redacted]");
  });

  it("a chain longer than 8 links: 8 are kept", () => {
    let chain: Error | undefined;
    for (let i = 10; i >= 1; i--) chain = new Error(i === 1 ? `link 1 ${SECRET}` : `link ${i}`, chain ? { cause: chain } : undefined);
    const messages: string[] = [];
    for (let e = safeCause(chain, [SECRET]) as Error | undefined; e; e = e.cause as Error | undefined) messages.push(e.message);
    expect(messages).toEqual(["link 1 [redacted]", "link 2", "link 3", "link 4", "link 5", "link 6", "link 7", "link 8"]);
  });

  it.each([
    ["an AggregateError's inner errors", () => new AggregateError([new Error(`inner ${SECRET}`)], "all failed")],
    ["a property holding the secret", () => Object.assign(new Error("failed"), { config: { apiKey: SECRET } })],
    ["a Headers object kept on the error", () => Object.assign(new Error("failed"), { headers: new Headers({ authorization: `Bearer ${SECRET}` }) })],
    ["a header name", () => Object.assign(new Error("failed"), { headers: new Headers({ [`x-${SECRET}`]: "1" }) })],
    ["a Request's URL", () => Object.assign(new Error("failed"), { request: new Request(`https://api.test/?key=${SECRET}`) })],
    ["a Request's headers", () => Object.assign(new Error("failed"), { request: new Request("https://api.test/", { headers: { "x-api-key": SECRET } }) })],
    ["a Response's headers", () => Object.assign(new Error("failed"), { response: new Response("", { headers: { "x-echo": SECRET } }) })],
    ["an object six levels down", () => Object.assign(new Error("failed"), { a: { b: { c: { d: { e: { f: { g: SECRET } } } } } } })],
    ["a structure too large to search", () => Object.assign(new Error("failed"), { items: Array.from({ length: 3_000 }, (_, i) => `item ${i}`) })],
  ])("a secret outside the messages, in %s: a clean copy", (_name, make) => {
    const original = make();
    const copy = safeCause(original, [SECRET]) as Error;
    expect(copy).not.toBe(original);
    expect(copy.message).toBe(original.message);
    expect(Object.keys(copy)).toEqual(["name"]);
  });

  it.each([
    ["an object seven levels down (beyond the search depth)", () => Object.assign(new Error("failed"), { a: { b: { c: { d: { e: { f: { g: { h: SECRET } } } } } } } })],
    ["a getter (not own data)", () => Object.defineProperty(new Error("failed"), "lazy", { get: () => SECRET, enumerable: true })],
    ["a structure within the search budget", () => Object.assign(new Error("failed"), { items: Array.from({ length: 1_000 }, (_, i) => `item ${i}`) })],
    ["a clean Request", () => Object.assign(new Error("failed"), { request: new Request("https://api.test/", { headers: { accept: "application/json" } }) })],
    ["a clean Response", () => Object.assign(new Error("failed"), { response: new Response("", { headers: { "x-echo": "fine" } }) })],
  ])("no secret reachable in %s: the original", (_name, make) => {
    const original = make();
    expect(safeCause(original, [SECRET])).toBe(original);
  });
});

function circular(): Error {
  const error = new Error("loop") as Error & { self?: unknown };
  error.self = error;
  return error;
}

describe("safeCause: more edges", () => {
  it("with only empty secrets even a structure too large to search is kept as is", () => {
    const original = Object.assign(new Error("failed"), { items: Array.from({ length: 3_000 }, (_, i) => `item ${i}`) });
    expect(safeCause(original, ["", undefined])).toBe(original);
  });

  it("a chain that ends in a null cause", () => {
    const copy = safeCause(new Error(`outer ${SECRET}`, { cause: null }), [SECRET]) as Error;
    expect([copy.message, "cause" in copy]).toEqual(["outer [redacted]", false]);
  });

  it("the innermost copy has no cause property at all", () => {
    const copy = safeCause(new Error("outer", { cause: new Error(`inner ${SECRET}`) }), [SECRET]) as Error;
    expect("cause" in (copy.cause as object)).toBe(false);
  });

  it("a secret in an inherited stack", () => {
    const original = Object.assign(Object.create({ stack: `Error: m\n    at ${SECRET}` }) as object, { message: "m" });
    expect(safeCause(original, [SECRET])).not.toBe(original);
  });

  it("a null property is walked past", () => {
    const original = Object.assign(new Error("failed"), { response: null, detail: { body: null } });
    expect(safeCause(original, [SECRET])).toBe(original);
  });

  it("in a runtime without Headers, Request and Response", () => {
    vi.stubGlobal("Headers", undefined);
    vi.stubGlobal("Request", undefined);
    vi.stubGlobal("Response", undefined);
    try {
      const original = Object.assign(new Error("failed"), { config: { apiKey: SECRET } });
      expect(safeCause(original, [SECRET])).not.toBe(original);
      const clean = Object.assign(new Error("failed"), { config: { retries: 2 } });
      expect(safeCause(clean, [SECRET])).toBe(clean);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
