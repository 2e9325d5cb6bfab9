import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileInputError, fileLimits, toDataUri } from "../../src/files.js";
import { fileToDataUri } from "../../src/node/index.js";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
const MP4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32]);

describe("toDataUri", () => {
  it.each([
    ["a Uint8Array (sniffed)", PNG, {}, /^data:image\/png;base64,iVBORw0KGgo/],
    ["an ArrayBuffer", JPEG.buffer, {}, /^data:image\/jpeg;base64,/],
    ["a Blob, its type confirmed by its bytes", new Blob([MP4], { type: "video/mp4" }), { accept: ["video/*"] }, /^data:video\/mp4;base64,/],
    ["bytes with no signature and a declared type", new TextEncoder().encode("hello"), { mediaType: "text/plain" }, /^data:text\/plain;base64,aGVsbG8=$/],
  ] as const)("encodes %s", async (_name, input, options, want) => {
    expect(await toDataUri(input as never, options)).toMatch(want);
  });

  it("trusts the bytes over a wrong declared type", async () => {
    expect(await toDataUri(new Blob([PNG], { type: "image/jpeg" }))).toMatch(/^data:image\/png;/);
  });

  it.each([
    ["too large", PNG, { maxBytes: 4, name: "cat.png" }, "cat.png is 12 bytes; at most 4 are allowed here"],
    ["a type not accepted", MP4, { accept: ["image/jpeg", "image/png", "image/webp"] }, "the file is video/mp4; accepted: image/jpeg, image/png, image/webp"],
    ["an unknown type", new TextEncoder().encode("hello"), {}, "cannot tell the media type of the file: pass mediaType"],
  ] as const)("refuses %s with a clear error", async (_name, input, options, want) => {
    const error = await toDataUri(input, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileInputError);
    expect((error as Error).message).toContain(want);
  });

  it("encodes a large file without overflowing", async () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    big.set(PNG);
    const uri = await toDataUri(big);
    expect(uri.length).toBe("data:image/png;base64,".length + Math.ceil(big.length / 3) * 4);
  });
});

describe("fileLimits reads a model's file rules from the spec", () => {
  it("the gateway: one image, at most 10 MB, JPEG, PNG or WebP", () => {
    expect(fileLimits("doubao-seedance-1.0-pro-fast", "image_urls")).toEqual({ accept: ["image/jpeg", "image/png", "image/webp"], maxBytes: 10 * 1024 * 1024 });
  });
  it("MindVideo reference audio: audio of any kind", () => {
    expect(fileLimits("doubao-seedance-2-0-fast", "audio_urls")).toEqual({ accept: ["audio/*"] });
  });
  it("an unknown field is an error", () => {
    expect(() => fileLimits("doubao-seedance-2-0-fast", "nope")).toThrow(FileInputError);
  });
});

describe("fileToDataUri (Node)", () => {
  it("reads a local file, and names it in errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mindvideo-files-"));
    try {
      writeFileSync(join(dir, "frame.png"), PNG);
      expect(await fileToDataUri(join(dir, "frame.png"), fileLimits("doubao-seedance-1.0-pro-fast", "image_urls"))).toMatch(/^data:image\/png;base64,/);
      writeFileSync(join(dir, "clip.mp4"), MP4);
      await expect(fileToDataUri(join(dir, "clip.mp4"), fileLimits("doubao-seedance-1.0-pro-fast", "image_urls"))).rejects.toThrow("clip.mp4 is video/mp4; accepted: image/jpeg, image/png, image/webp");
      await expect(fileToDataUri(join(dir, "missing.png"))).rejects.toThrow(/cannot read .*missing\.png: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
