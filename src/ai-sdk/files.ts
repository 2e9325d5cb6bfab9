/**
 * AI SDK files (bytes, base64 or URLs) as the strings the models take: http(s) URLs as they are;
 * bytes, base64 and data: URLs as a data URI after the model's media type and size limits are
 * checked (src/files.ts); any other scheme is refused.
 */
import { InvalidArgumentError, type ImageModelV4File, type Experimental_VideoModelV4File } from "@ai-sdk/provider";
import type { ModelSlug } from "../../generated/models/registry.js";
import { fileLimits, FileInputError, toDataUri, type DataUriOptions } from "../files.js";

type AnyFile = ImageModelV4File | Experimental_VideoModelV4File;
export type FileKind = "image" | "video" | "audio";

/** The kind of a file, by its media type or, for a URL without one, its extension; images by default. */
export function fileKind(file: AnyFile): FileKind {
  const type = file.type === "file" ? file.mediaType : ("mediaType" in file && file.mediaType ? file.mediaType : extensionType(file.url));
  if (type?.startsWith("video/")) return "video";
  if (type?.startsWith("audio/")) return "audio";
  return "image";
}

function extensionType(url: string): string | undefined {
  const path = url.split(/[?#]/)[0] ?? "";
  if (/\.(mp4|webm|mov|m4v)$/i.test(path)) return "video/*";
  if (/\.(mp3|wav|m4a|aac|ogg)$/i.test(path)) return "audio/*";
  return undefined;
}

/** The model's limits for `field` (accept, maxBytes), falling back to any file of `kind`. */
function limitsFor(slug: ModelSlug, field: string, kind: FileKind): DataUriOptions {
  let limits: DataUriOptions = {};
  try {
    limits = fileLimits(slug, field);
  } catch {
    // a field without upload hints (image_with_roles): only the kind is known
  }
  return { accept: limits.accept ?? [`${kind}/*`], ...(limits.maxBytes === undefined ? {} : { maxBytes: limits.maxBytes }) };
}

/** One file as a URL or data URI; `argument` names it in errors (`files[0]`, `frameImages[1]`). */
export async function fileToInput(file: AnyFile, target: { slug: ModelSlug; field: string; kind: FileKind; argument: string }): Promise<string> {
  let data: string | Uint8Array;
  let mediaType: string | undefined;
  if (file.type === "url") {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(file.url)?.[1]?.toLowerCase();
    if (scheme === "http" || scheme === "https") return file.url;
    // A data: URL is a file, not a link: it gets the same type and size checks as bytes (no HTML "image", no bypass of maxBytes).
    const dataUrl = scheme === "data" ? /^data:([^,]*),(.*)$/is.exec(file.url) : null;
    if (!dataUrl) {
      throw new InvalidArgumentError({ argument: target.argument, message: `${target.argument} must be an http(s) URL or a data: URI (got ${scheme ? `a ${scheme}: URL` : "no URL scheme"})` });
    }
    const meta = dataUrl[1]!;
    mediaType = meta.split(";")[0]!.trim() || undefined;
    data = /;base64$/i.test(meta) ? dataUrl[2]! : new TextEncoder().encode(safeDecode(dataUrl[2]!));
  } else {
    data = file.data;
    mediaType = file.mediaType;
  }
  const limits = limitsFor(target.slug, target.field, target.kind);
  try {
    // Refuse an oversized base64 string before decoding it: 4 characters carry 3 bytes.
    if (typeof data === "string" && limits.maxBytes !== undefined && Math.floor((data.length * 3) / 4) > limits.maxBytes + 3) {
      throw new FileInputError(`${target.argument} is about ${Math.floor((data.length * 3) / 4)} bytes; at most ${limits.maxBytes} are allowed for ${target.slug} ${target.field} (host it and send its URL instead)`);
    }
    const bytes = typeof data === "string" ? decodeBase64(data) : data;
    return await toDataUri(bytes, { ...limits, mediaType, name: `${target.argument} (for ${target.slug} ${target.field})` });
  } catch (error) {
    if (error instanceof FileInputError || error instanceof SyntaxError || (error instanceof Error && error.name === "InvalidCharacterError")) {
      throw new InvalidArgumentError({ argument: target.argument, message: error instanceof FileInputError ? error.message : `${target.argument} is not valid base64`, cause: error });
    }
    throw error;
  }
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ""));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Percent-decoding that never throws: a malformed escape stays as written. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
