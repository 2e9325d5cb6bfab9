/** Class 8: toDataUri decides image/video/audio by content and accepts only plain media types. */
import { describe, expect, it } from "vitest";
import { FileInputError, fileLimits, toDataUri } from "../../src/files.js";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const HTML = new TextEncoder().encode("<!doctype html><script>alert(1)</script>");
const images = ["image/png", "image/jpeg", "image/webp"];

describe("toDataUri", () => {
  it.each<[string, { given: () => Promise<string>; want: RegExp }]>([
    ["HTML declared image/png", { given: () => toDataUri(HTML, { mediaType: "image/png", accept: images }), want: /not a recognised image\/png/ }],
    ["HTML in a Blob typed image/png", { given: () => toDataUri(new Blob([HTML], { type: "image/png" }), { accept: ["image/*"] }), want: /content matches no known format/ }],
    ["empty bytes declared image/jpeg", { given: () => toDataUri(new Uint8Array(), { mediaType: "image/jpeg", accept: images }), want: /not a recognised/ }],
    ["text declared video/mp4", { given: () => toDataUri(new TextEncoder().encode("hello"), { mediaType: "video/mp4", accept: ["video/*"] }), want: /not a recognised/ }],
    ["a gateway image field given HTML", { given: () => toDataUri(HTML, { ...fileLimits("doubao-seedance-1.0-pro-fast", "image_urls"), mediaType: "image/png" }), want: /not a recognised/ }],
    ["image/../text/html", { given: () => toDataUri(HTML, { mediaType: "image/../text/html" }), want: /not a plain type\/subtype/ }],
    ["a ;base64, injection", { given: () => toDataUri(HTML, { mediaType: "text/plain;base64,PHNjcmlwdD4" }), want: /not a plain type\/subtype/ }],
    ["parameters", { given: () => toDataUri(HTML, { mediaType: "text/html; charset=utf-8" }), want: /not a plain type\/subtype/ }],
    ["a comma", { given: () => toDataUri(HTML, { mediaType: "text/html,<script>" }), want: /not a plain type\/subtype/ }],
    ["a newline", { given: () => toDataUri(HTML, { mediaType: "image/png\n" }), want: /not a plain type\/subtype/ }],
    ["no subtype", { given: () => toDataUri(HTML, { mediaType: "image" }), want: /not a plain type\/subtype/ }],
    ["a string instead of bytes", { given: () => toDataUri("<html>" as never, { mediaType: "image/png" }), want: /must be a Blob, File, Uint8Array or ArrayBuffer/ }],
    ["null", { given: () => toDataUri(null as never), want: /must be a Blob/ }],
    ["maxBytes NaN (no limit at all)", { given: () => toDataUri(PNG, { maxBytes: NaN }), want: /maxBytes must be a number/ }],
    ["a Blob type with a path", { given: () => toDataUri(new Blob([HTML], { type: "image/png/../../html" })), want: /not a plain type\/subtype/ }],
  ])("refuses %s", async (_name, { given, want }) => {
    const error = await given().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileInputError);
    expect((error as Error).message).toMatch(want);
  });

  it.each<[string, { given: () => Promise<string>; want: string }]>([
    ["real PNG bytes, declared jpeg: the bytes win", { given: () => toDataUri(PNG, { mediaType: "image/jpeg", accept: images }), want: "data:image/png;base64," }],
    ["real PNG bytes in a Blob without a type", { given: () => toDataUri(new Blob([PNG]), { accept: ["image/*"] }), want: "data:image/png;base64," }],
    ["PNG bytes in a DataView", { given: () => toDataUri(new DataView(PNG.buffer) as never, { accept: images }), want: "data:image/png;base64," }],
    ["text with a plain declared type and no accept list", { given: () => toDataUri(new TextEncoder().encode("hi"), { mediaType: "text/plain" }), want: "data:text/plain;base64,aGk=" }],
  ])("accepts %s", async (_name, { given, want }) => {
    expect(await given()).toMatch(new RegExp(`^${want.replace(/[+/;=]/g, "\\$&")}`));
  });
});
