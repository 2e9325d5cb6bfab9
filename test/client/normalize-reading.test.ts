/**
 * The defensive readers both adapters share, driven directly: each refusal is an
 * InvalidResponseError naming the provider and the field, and each accepted value comes back as is.
 */
import { describe, expect, it } from "vitest";
import { InvalidResponseError } from "../../src/index.js";
import { files, finiteNumber, invalid, isoFromSeconds, MAX_OUTPUT_URL_LENGTH, neutralStatus, outputUrl, taskError, taskObject, text } from "../../src/normalize.js";

/** The error a reader throws, checked to be the one error type for bad answers. */
function thrown(read: () => unknown): InvalidResponseError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidResponseError);
    return error as InvalidResponseError;
  }
  throw new Error("the reader accepted the value");
}

describe("invalid", () => {
  it("names the provider's task and keeps the message", () => {
    const error = invalid("Acme", "the answer is odd");
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain("Acme task: the answer is odd");
  });
});

describe("taskObject", () => {
  it.each([
    ["null", { given: null, want: /Prov task: expected a task object \(got null\)/ }],
    ["an array", { given: [{ id: "t" }], want: /Prov task: expected a task object \(got an array\)/ }],
    ["a string", { given: "task", want: /Prov task: expected a task object \(got string\)/ }],
    ["a number", { given: 7, want: /\(got number\)/ }],
    ["undefined", { given: undefined, want: /\(got undefined\)/ }],
  ] as const)("refuses %s", (_name, { given, want }) => {
    expect(thrown(() => taskObject(given, "Prov")).message).toMatch(want);
  });

  it("hands an object back as is", () => {
    const task = { id: "t" };
    expect(taskObject(task, "Prov")).toBe(task);
  });
});

describe("outputUrl", () => {
  const longest = `https://cdn.test/${"a".repeat(MAX_OUTPUT_URL_LENGTH - "https://cdn.test/".length)}`;
  it.each([
    ["an https link", { given: "https://cdn.test/v.mp4" }],
    ["an http link", { given: "http://cdn.test/v.mp4" }],
    ["a link of the longest accepted length", { given: longest }],
  ] as const)("accepts %s unchanged", (_name, { given }) => {
    expect(outputUrl(given, "out.url", "Prov")).toBe(given);
  });

  it.each([
    ["null", { given: null, want: /Prov task: out\.url must be a URL string \(got null\)/ }],
    ["a number", { given: 5, want: /out\.url must be a URL string \(got number\)/ }],
    ["an object", { given: { href: "https://cdn.test" }, want: /\(got object\)/ }],
    ["a link one character too long", { given: `${longest}b`, want: new RegExp(`out\\.url is ${MAX_OUTPUT_URL_LENGTH + 1} characters long; at most ${MAX_OUTPUT_URL_LENGTH} are accepted`) }],
    ["a relative path", { given: "/v.mp4", want: /Prov task: out\.url is not an absolute URL/ }],
    ["a javascript: link", { given: "javascript:alert(1)", want: /out\.url must be an http\(s\) URL \(got javascript:\)/ }],
    ["a data: link", { given: "data:text/html,<b>x</b>", want: /must be an http\(s\) URL \(got data:\)/ }],
    ["an ftp link", { given: "ftp://cdn.test/v.mp4", want: /\(got ftp:\)/ }],
    ["a long made-up scheme (cut in the message)", { given: `${"x".repeat(60)}:rest`, want: new RegExp(`\\(got ${"x".repeat(32)}\\)`) }],
  ] as const)("refuses %s", (_name, { given, want }) => {
    expect(thrown(() => outputUrl(given, "out.url", "Prov")).message).toMatch(want);
  });
});

describe("files", () => {
  it.each([
    ["absent", { given: undefined, want: [] }],
    ["null", { given: null, want: [] }],
    ["an empty list", { given: [], want: [] }],
    ["links in order", { given: [{ url: "https://a.test/1" }, { url: "http://a.test/2", extra: 1 }], want: [{ url: "https://a.test/1" }, { url: "http://a.test/2" }] }],
  ] as const)("reads %s", (_name, { given, want }) => {
    expect(files(given, "output.videos", "Prov")).toEqual(want);
  });

  it.each([
    ["a single object", { given: { url: "https://a.test/1" }, want: /Prov task: output\.videos must be a list/ }],
    ["a string", { given: "https://a.test/1", want: /output\.videos must be a list/ }],
    ["a null entry", { given: [{ url: "https://a.test/1" }, null], want: /output\.videos\[1\] must be an object with a url/ }],
    ["a string entry", { given: ["https://a.test/1"], want: /output\.videos\[0\] must be an object with a url/ }],
    ["an entry without url", { given: [{ href: "https://a.test/1" }], want: /output\.videos\[0\]\.url must be a URL string \(got undefined\)/ }],
    ["an entry with a bad link", { given: [{ url: "https://a.test/1" }, { url: "file:///etc/passwd" }], want: /output\.videos\[1\]\.url must be an http\(s\) URL/ }],
  ] as const)("refuses %s", (_name, { given, want }) => {
    expect(thrown(() => files(given, "output.videos", "Prov")).message).toMatch(want);
  });
});

describe("isoFromSeconds", () => {
  // A Date holds ±8.64e15 ms, i.e. ±8.64e12 s (ECMAScript time values).
  it.each([
    ["the epoch", { given: 0, want: "1970-01-01T00:00:00.000Z" }],
    ["a seed timestamp", { given: 1761313744, want: new Date(1761313744 * 1000).toISOString() }],
    ["fractions of a second", { given: 1.5, want: "1970-01-01T00:00:01.500Z" }],
    ["the last second a Date holds", { given: 8.64e12, want: new Date(8.64e15).toISOString() }],
    ["the first second a Date holds", { given: -8.64e12, want: new Date(-8.64e15).toISOString() }],
  ] as const)("reads %s", (_name, { given, want }) => {
    expect(isoFromSeconds(given, "completed", "Prov")).toBe(want);
  });

  it.each([
    ["a string", { given: "1761313744", want: /Prov task: completed must be a Unix time in seconds \(got string\)/ }],
    ["null", { given: null, want: /\(got object\)/ }],
    ["NaN", { given: Number.NaN, want: /\(got NaN\)/ }],
    ["infinity", { given: Number.POSITIVE_INFINITY, want: /\(got Infinity\)/ }],
    ["a second past what a Date holds", { given: 8.64e12 + 1, want: /\(got 8640000000001\)/ }],
    ["a second before what a Date holds", { given: -8.64e12 - 1, want: /\(got -8640000000001\)/ }],
  ] as const)("refuses %s", (_name, { given, want }) => {
    expect(thrown(() => isoFromSeconds(given, "completed", "Prov")).message).toMatch(want);
  });
});

describe("text and finiteNumber", () => {
  it.each([
    ["a string", { given: ["abc"], want: "abc" }],
    ["a string cut to the default 4096", { given: ["x".repeat(5000)], want: "x".repeat(4096) }],
    ["a string cut to a given length", { given: ["abcdef", 3], want: "abc" }],
    ["a number as text", { given: [42], want: "42" }],
    ["null", { given: [null], want: undefined }],
    ["an object", { given: [{}], want: undefined }],
  ] as const)("text reads %s", (_name, { given, want }) => {
    expect(text(...(given as unknown as [unknown, number?]))).toBe(want);
  });

  it.each([
    ["a number", { given: 42, want: 42 }],
    ["zero", { given: 0, want: 0 }],
    ["NaN", { given: Number.NaN, want: undefined }],
    ["infinity", { given: Number.NEGATIVE_INFINITY, want: undefined }],
    ["a numeric string", { given: "42", want: undefined }],
  ] as const)("finiteNumber reads %s", (_name, { given, want }) => {
    expect(finiteNumber(given)).toBe(want);
  });
});

describe("taskError and neutralStatus, key by key", () => {
  it.each([
    ["no code: no code key at all", { given: { message: "bad" }, want: { message: "bad" } }],
    ["neither: no code key at all", { given: {}, want: { message: "failed" } }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(taskError(given)).toStrictEqual(want);
  });

  it.each([
    ["a number, even one the table spells", { given: 3, want: { status: "processing", unknownStatus: "(missing)" } }],
    ["undefined, even with an 'undefined' row", { given: undefined, want: { status: "processing", unknownStatus: "(missing)" } }],
    ["a known status has no unknownStatus key", { given: "3", want: { status: "succeeded" } }],
  ] as const)("a status that is %s", (_name, { given, want }) => {
    expect(neutralStatus(given, { "3": "succeeded", undefined: "failed" })).toStrictEqual(want);
  });
});
