import { afterEach, describe, expect, it, vi } from "vitest";
import { FileInputError, sniffMediaType, toDataUri, type DataUriOptions, type FileInput } from "../../src/files.js";

/**
 * Magic numbers from the formats' own specifications (PNG: ISO 15948 §5.2; JPEG SOI + marker;
 * GIF87a/89a; RIFF containers with a WEBP/WAVE form type; MPEG audio frame sync (11 set bits) or an
 * ID3v2 tag; ISO BMFF `ftyp` box at offset 4; EBML header for WebM).
 */
const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const SIGNATURES: [string, Uint8Array][] = [
  ["image/png", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)],
  ["image/jpeg", bytes(0xff, 0xd8, 0xff, 0xe0)],
  ["image/gif", bytes(...ascii("GIF89a"))],
  ["image/webp", bytes(...ascii("RIFF"), 0, 0, 0, 0, ...ascii("WEBPVP8 "))],
  ["audio/wav", bytes(...ascii("RIFF"), 0, 0, 0, 0, ...ascii("WAVEfmt "))],
  ["audio/mpeg", bytes(...ascii("ID3"), 4, 0, 0)],
  ["video/mp4", bytes(0, 0, 0, 0x18, ...ascii("ftypmp42"))],
  ["video/webm", bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f)],
];

/** Every byte of a signature matters: flipping any one of them makes the content unknown. */
const SIGNIFICANT: Record<string, number[]> = {
  "image/png": [0, 1, 2, 3],
  "image/jpeg": [0, 1, 2],
  "image/gif": [0, 1, 2, 3],
  "image/webp": [0, 1, 2, 3, 8, 9, 10, 11],
  "audio/wav": [0, 1, 2, 3, 8, 9, 10, 11],
  "audio/mpeg": [0, 1, 2],
  "video/mp4": [4, 5, 6, 7],
  "video/webm": [0, 1, 2, 3],
};

function withByte(signature: Uint8Array, index: number, value: number): Uint8Array {
  const copy = signature.slice();
  copy[index] = value;
  return copy;
}

describe("sniffMediaType", () => {
  it.each(SIGNATURES.map(([type, signature]) => [type, { given: signature, want: type }] as const))("recognises %s", (_name, { given, want }) => {
    expect(sniffMediaType(given)).toBe(want);
  });

  const corrupted = SIGNATURES.flatMap(([type, signature]) =>
    (SIGNIFICANT[type] ?? []).map((index) => [`${type} with byte ${index} changed`, { given: withByte(signature, index, 0x00), want: undefined }] as const),
  );
  it.each(corrupted)("does not recognise %s", (_name, { given, want }) => {
    expect(sniffMediaType(given)).toBe(want);
  });

  it.each([
    ["an MPEG audio frame sync (FF FB)", { given: bytes(0xff, 0xfb, 0x90, 0x64), want: "audio/mpeg" }],
    ["an MPEG audio frame sync (FF E3)", { given: bytes(0xff, 0xe3, 0x18, 0xc4), want: "audio/mpeg" }],
    ["FF followed by a byte without the sync bits", { given: bytes(0xff, 0x1f, 0, 0), want: undefined }],
    ["FF with only two of the three sync bits in its second byte", { given: bytes(0xff, 0xc0, 0, 0), want: undefined }],
    ["a lone FF", { given: bytes(0xff), want: undefined }],
    ["sync bits after another first byte", { given: bytes(0xfe, 0xfb, 0, 0), want: undefined }],
    ["RIFF with another form type", { given: bytes(...ascii("RIFF"), 0, 0, 0, 0, ...ascii("AVI ")), want: undefined }],
    ["WEBP without RIFF", { given: bytes(...ascii("RIFX"), 0, 0, 0, 0, ...ascii("WEBP")), want: undefined }],
    ["WAVE without RIFF", { given: bytes(...ascii("RIFX"), 0, 0, 0, 0, ...ascii("WAVE")), want: undefined }],
    ["text", { given: new TextEncoder().encode("<html><body>hi</body></html>"), want: undefined }],
    ["nothing", { given: bytes(), want: undefined }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(sniffMediaType(given)).toBe(want);
  });
});

const PNG = SIGNATURES[0]![1];
const MP3 = bytes(0xff, 0xfb, 0x90, 0x64);
const TEXT = new TextEncoder().encode("hello");
const HTML = new TextEncoder().encode("<script>alert(1)</script>");

async function failure(input: unknown, options?: DataUriOptions): Promise<FileInputError> {
  const error = await toDataUri(input as FileInput, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FileInputError);
  return error as FileInputError;
}

describe("toDataUri accepts", () => {
  it.each([
    ["a file of exactly maxBytes", { given: { input: PNG, options: { maxBytes: PNG.byteLength } }, want: "data:image/png;base64," }],
    ["an empty file with maxBytes 0 and a declared type", { given: { input: bytes(), options: { maxBytes: 0, mediaType: "text/plain" } }, want: "data:text/plain;base64," }],
    ["a wildcard accept", { given: { input: MP3, options: { accept: ["video/*", "audio/*"] } }, want: "data:audio/mpeg;base64," }],
    ["an exact accept", { given: { input: PNG, options: { accept: ["image/png"] } }, want: "data:image/png;base64," }],
    ["a declared type in capitals (lower-cased)", { given: { input: TEXT, options: { mediaType: "Text/Plain" } }, want: "data:text/plain;base64," }],
    ["an empty mediaType on sniffable bytes", { given: { input: PNG, options: { mediaType: "" } }, want: "data:image/png;base64," }],
    ["a non-media declared type in a mixed accept list", { given: { input: TEXT, options: { accept: ["image/*", "text/plain"], mediaType: "text/plain" } }, want: "data:text/plain;base64," }],
  ] as const)("%s", async (_name, { given, want }) => {
    expect((await toDataUri(given.input, given.options as DataUriOptions)).startsWith(want)).toBe(true);
  });

  it("a typed-array view: only the bytes it covers", async () => {
    const buffer = new Uint8Array([0xaa, 0xbb, ...PNG, 0xcc]).buffer;
    const view = new DataView(buffer, 2, PNG.byteLength);
    expect(await toDataUri(view as never)).toBe(`data:image/png;base64,${btoa(String.fromCharCode(...PNG))}`);
  });

  it("a Blob's own type wins over the mediaType option", async () => {
    expect(await toDataUri(new Blob([TEXT], { type: "text/csv" }), { mediaType: "text/plain" })).toBe("data:text/csv;base64,aGVsbG8=");
  });

  it("a Blob without a type uses the mediaType option", async () => {
    expect(await toDataUri(new Blob([TEXT]), { mediaType: "text/plain" })).toBe("data:text/plain;base64,aGVsbG8=");
  });

  it("a Uint8Array's mediaType option is used when the bytes say nothing", async () => {
    expect(await toDataUri(TEXT, { mediaType: "text/plain" })).toBe("data:text/plain;base64,aGVsbG8=");
  });

  describe("in a runtime without Blob (the core runs everywhere)", () => {
    afterEach(() => vi.unstubAllGlobals());
    it.each([
      ["a Uint8Array", { given: PNG as FileInput, want: "data:image/png;base64," }],
      ["an ArrayBuffer", { given: PNG.slice().buffer as FileInput, want: "data:image/png;base64," }],
    ] as const)("%s", async (_name, { given, want }) => {
      vi.stubGlobal("Blob", undefined);
      expect((await toDataUri(given)).startsWith(want)).toBe(true);
    });
    it("a value that is no file: still a FileInputError", async () => {
      vi.stubGlobal("Blob", undefined);
      expect((await failure("cat.png")).message).toBe("the file must be a Blob, File, Uint8Array or ArrayBuffer (got string)");
    });
    it("bytes with a declared type", async () => {
      vi.stubGlobal("Blob", undefined);
      expect(await toDataUri(TEXT, { mediaType: "text/plain" })).toBe("data:text/plain;base64,aGVsbG8=");
    });
  });
});

describe("toDataUri refuses, naming the file, the limit and what is allowed", () => {
  it("its error class is named FileInputError", async () => {
    const error = await failure(PNG, { maxBytes: 1 });
    expect(error.name).toBe("FileInputError");
  });

  it.each([
    ["one byte over maxBytes", { given: { input: PNG, options: { maxBytes: PNG.byteLength - 1, name: "cat.png" } }, want: [`cat.png is ${PNG.byteLength} bytes; at most ${PNG.byteLength - 1} are allowed here`, "host it and send its URL"] }],
    ["a negative maxBytes", { given: { input: PNG, options: { maxBytes: -1 } }, want: ["maxBytes must be a number ≥ 0 (got -1)"] }],
    ["a maxBytes given as text", { given: { input: PNG, options: { maxBytes: "10" } }, want: ["maxBytes must be a number ≥ 0 (got 10)"] }],
    ["null", { given: { input: null, options: {} }, want: ["the file must be a Blob, File, Uint8Array or ArrayBuffer (got null)"] }],
    ["a string", { given: { input: "cat.png", options: { name: "cat" } }, want: ["cat must be a Blob, File, Uint8Array or ArrayBuffer (got string)"] }],
    ["a mediaType with parameters", { given: { input: TEXT, options: { mediaType: "text/plain;base64" } }, want: ["the media type given for the file is not a plain type/subtype such as image/png", '(got "text/plain;base64")'] }],
    ["a mediaType that is not a string", { given: { input: TEXT, options: { mediaType: 42 } }, want: ["not a plain type/subtype", '(got "42")'] }],
    ["a mediaType without a subtype", { given: { input: TEXT, options: { mediaType: "text" } }, want: ['(got "text")'] }],
    ["a mediaType object that prints as a type", { given: { input: TEXT, options: { mediaType: { toString: () => "text/plain" } } }, want: ['(got "text/plain")'] }],
    ["a long mediaType, shown cut to 80 characters", { given: { input: TEXT, options: { mediaType: `text/${"x".repeat(200)};` } }, want: [`(got ${JSON.stringify(`text/${"x".repeat(75)}`)})`] }],
    ["a mediaType with a path", { given: { input: TEXT, options: { mediaType: "text/../x" } }, want: ['(got "text/../x")'] }],
    ["a mediaType with surrounding text", { given: { input: TEXT, options: { mediaType: " text/plain" } }, want: ['(got " text/plain")'] }],
    ["a mediaType with trailing text", { given: { input: TEXT, options: { mediaType: "text/plain x" } }, want: ['(got "text/plain x")'] }],
    ["HTML declared as a PNG", { given: { input: HTML, options: { mediaType: "image/png", name: "x.png" } }, want: ["x.png is declared image/png but its content matches no known format", "recognised: image/png, image/jpeg, image/gif, image/webp, audio/wav, audio/mpeg, video/mp4, video/webm"] }],
    ["HTML declared as audio", { given: { input: HTML, options: { mediaType: "audio/mpeg" } }, want: ["the file is declared audio/mpeg but its content"] }],
    ["HTML for an images-only field, declared as a PNG", { given: { input: HTML, options: { accept: ["image/png", "image/*"], mediaType: "image/png" } }, want: ["the file is not a recognised image/png, image/* file (its content matches no known format, whatever its declared type image/png)"] }],
    ["HTML for an images-only field, declared as HTML", { given: { input: HTML, options: { accept: ["image/*"], mediaType: "text/html" } }, want: ["the file is not a recognised image/* file (its content matches no known format, whatever its declared type text/html)"] }],
    ["text for an audio-only field, nothing declared", { given: { input: TEXT, options: { accept: ["audio/*"] } }, want: ["the file is not a recognised audio/* file (its content matches no known format)"] }],
    ["a PNG for an audio-only field", { given: { input: PNG, options: { accept: ["audio/*"] } }, want: ["the file is image/png; accepted: audio/*"] }],
    ["a JPEG where image/jpg is listed (exact names only)", { given: { input: SIGNATURES[1]![1], options: { accept: ["image/jpg"] } }, want: ["the file is image/jpeg; accepted: image/jpg"] }],
    ["JSON where audio/* or a PDF is allowed", { given: { input: TEXT, options: { accept: ["audio/*", "application/pdf"], mediaType: "application/json" } }, want: ["the file is application/json; accepted: audio/*, application/pdf"] }],
    ["anything for an empty accept list", { given: { input: TEXT, options: { accept: [], mediaType: "text/plain" } }, want: ["the file is text/plain; accepted: "] }],
    ["unknown bytes with an empty mediaType", { given: { input: TEXT, options: { mediaType: "" } }, want: ["cannot tell the media type of the file: pass mediaType"] }],
  ] as const)("%s", async (_name, { given, want }) => {
    const error = await failure(given.input, given.options as DataUriOptions);
    for (const part of want) expect(error.message).toContain(part);
  });

  it.each([
    ["a File: its name", { given: new File([HTML], "page.html", { type: "image/png" }), want: "page.html is declared image/png" }],
    ["a Blob: the file", { given: new Blob([HTML], { type: "image/png" }), want: "the file is declared image/png" }],
  ] as const)("names %s", async (_name, { given, want }) => {
    expect((await failure(given)).message.startsWith(want)).toBe(true);
  });

  it("the name option wins over a File's name", async () => {
    expect((await failure(new File([HTML], "page.html", { type: "image/png" }), { name: "upload" })).message).toMatch(/^upload is declared image\/png/);
  });

  it("a File's declared type is checked against its bytes", async () => {
    expect((await failure(new File([HTML], "a.png", { type: "image/png" }), { mediaType: "text/html" })).message).toContain("a.png is declared image/png");
  });
});

describe("fileLimits", () => {
  it("names the model and the field it does not have", async () => {
    const { fileLimits } = await import("../../src/files.js");
    expect(() => fileLimits("doubao-seedance-2-0-fast", "nope")).toThrow(new FileInputError("doubao-seedance-2-0-fast has no parameter nope"));
  });
});
