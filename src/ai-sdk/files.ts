/**
 * AI SDK files (bytes, base64 or URLs) as the strings the models take: URLs as they are, data as a
 * data URI after the model's media type and size limits are checked (src/files.ts).
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
  if (file.type === "url") return file.url;
  const limits = limitsFor(target.slug, target.field, target.kind);
  try {
    // Refuse an oversized base64 string before decoding it: 4 characters carry 3 bytes.
    if (typeof file.data === "string" && limits.maxBytes !== undefined && Math.floor((file.data.length * 3) / 4) > limits.maxBytes + 3) {
      throw new FileInputError(`${target.argument} is about ${Math.floor((file.data.length * 3) / 4)} bytes; at most ${limits.maxBytes} are allowed for ${target.slug} ${target.field} (host it and send its URL instead)`);
    }
    const bytes = typeof file.data === "string" ? decodeBase64(file.data) : file.data;
    return await toDataUri(bytes, { ...limits, mediaType: file.mediaType, name: `${target.argument} (for ${target.slug} ${target.field})` });
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
