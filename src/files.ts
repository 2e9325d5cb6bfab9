/**
 * Turning files into data URIs for inputs, with the media type and size checked first. The seeds
 * prefer hosted URLs: use these for small assets and local experiments.
 */
import { models, type ModelSlug } from "../generated/models/registry.js";
import { MindVideoError } from "./errors.js";

export class FileInputError extends MindVideoError {
  override name = "FileInputError";
}

export interface DataUriOptions {
  /** Accepted media types; `image/*` style wildcards allowed. */
  accept?: readonly string[] | undefined;
  /** Largest file accepted, in bytes. */
  maxBytes?: number | undefined;
  /** The media type when the input does not say (a Uint8Array) and sniffing cannot tell. */
  mediaType?: string | undefined;
  /** Named in errors, e.g. a file name. */
  name?: string | undefined;
}

export type FileInput = Blob | Uint8Array | ArrayBuffer;

/** Magic numbers of the formats models take. */
const SIGNATURES: [string, (b: Uint8Array) => boolean][] = [
  ["image/png", (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ["image/jpeg", (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ["image/gif", (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38],
  ["image/webp", (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP"],
  ["audio/wav", (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WAVE"],
  ["audio/mpeg", (b) => ascii(b, 0, 3) === "ID3" || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)],
  ["video/mp4", (b) => ascii(b, 4, 8) === "ftyp"],
  ["video/webm", (b) => b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3],
];

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

export function sniffMediaType(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find(([, matches]) => matches(bytes))?.[0];
}

const accepts = (accept: readonly string[], type: string) => accept.some((a) => a === type || (a.endsWith("/*") && type.startsWith(a.slice(0, -1))));

/** RFC 6838 type/subtype names, nothing else (no parameters, no `;base64,`, no `..`). */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
/** Media we can recognise from their bytes: an accept list of only these is decided by content. */
const SNIFFABLE = /^(image|video|audio)\//i;

function declaredType(value: string | undefined, label: string): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string" || !MEDIA_TYPE.test(value)) {
    throw new FileInputError(`the media type given for ${label} is not a plain type/subtype such as image/png (got ${JSON.stringify(String(value).slice(0, 80))})`);
  }
  return value.toLowerCase();
}

export async function toDataUri(input: FileInput, options: DataUriOptions = {}): Promise<string> {
  const label = options.name ?? (typeof Blob !== "undefined" && input instanceof Blob && "name" in input ? String((input as File).name) : "the file");
  if (options.maxBytes !== undefined && !(typeof options.maxBytes === "number" && options.maxBytes >= 0)) {
    throw new FileInputError(`maxBytes must be a number ≥ 0 (got ${String(options.maxBytes)})`);
  }
  const bytes =
    input instanceof Uint8Array
      ? input
      : input instanceof ArrayBuffer
        ? new Uint8Array(input)
        : ArrayBuffer.isView(input)
          ? new Uint8Array((input as ArrayBufferView).buffer, (input as ArrayBufferView).byteOffset, (input as ArrayBufferView).byteLength)
          : typeof Blob !== "undefined" && input instanceof Blob
            ? new Uint8Array(await input.arrayBuffer())
            : undefined;
  if (!bytes) throw new FileInputError(`${label} must be a Blob, File, Uint8Array or ArrayBuffer (got ${input === null ? "null" : typeof input})`);
  // Stryker disable next-line ConditionalExpression: without maxBytes the comparison is with undefined, which is false either way
  if (options.maxBytes !== undefined && bytes.byteLength > options.maxBytes) {
    throw new FileInputError(`${label} is ${bytes.byteLength} bytes; at most ${options.maxBytes} are allowed here (host it and send its URL instead)`);
  }
  const declared = declaredType(typeof Blob !== "undefined" && input instanceof Blob && input.type ? input.type : options.mediaType, label);
  const sniffed = sniffMediaType(bytes);
  // For image/video/audio the bytes decide: a declared type cannot make an HTML page a PNG.
  if (options.accept && options.accept.length > 0 && options.accept.every((a) => SNIFFABLE.test(a)) && !sniffed) {
    throw new FileInputError(`${label} is not a recognised ${options.accept.join(", ")} file (its content matches no known format${declared ? `, whatever its declared type ${declared}` : ""})`);
  }
  // Whatever the accept list: a declared image/video/audio type the bytes do not bear out is refused (HTML or SVG script as "image/png").
  if (!sniffed && declared && SNIFFABLE.test(declared)) {
    throw new FileInputError(`${label} is declared ${declared} but its content matches no known format (recognised: ${SIGNATURES.map(([t]) => t).join(", ")})`);
  }
  const type = sniffed ?? declared;
  if (!type) throw new FileInputError(`cannot tell the media type of ${label}: pass mediaType`);
  if (options.accept && !accepts(options.accept, type)) throw new FileInputError(`${label} is ${type}; accepted: ${options.accept.join(", ")}`);
  return `data:${type};base64,${base64(bytes)}`;
}

/** Web-standard base64 (btoa), in chunks so large files do not overflow the call stack. */
function base64(bytes: Uint8Array): string {
  let binary = "";
  // Stryker disable next-line EqualityOperator: one more pass at i === length appends fromCharCode() of an empty chunk, ""
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The limits a model states for a file field (its `x-playground.accept` and `maxBytes`), e.g. the
 * gateway's one image of at most 10 MB as JPEG, PNG or WebP.
 */
export function fileLimits(model: ModelSlug, field: string): DataUriOptions {
  // Stryker disable next-line OptionalChaining: every model schema in the generated registry has properties
  const property = (models[model].schema.properties as Record<string, { "x-playground"?: { accept?: string; maxBytes?: number } }> | undefined)?.[field];
  if (!property) throw new FileInputError(`${model} has no parameter ${field}`);
  const hints = property["x-playground"] ?? {};
  // Stryker disable next-line MethodExpression: no accept hint in the generated registry has spaces after its commas; trim guards future spec edits
  return { ...(hints.accept ? { accept: hints.accept.split(",").map((s) => s.trim()) } : {}), ...(hints.maxBytes ? { maxBytes: hints.maxBytes } : {}) };
}

export type { MindVideoError } from "./errors.js";
export type { ModelSlug } from "../generated/models/registry.js";
export type { ModelInputs, ModelInputsByProvider } from "../generated/models/registry.js";
export type * from "../generated/models/types.js";
