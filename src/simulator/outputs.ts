/**
 * A task's output files, served by the mock itself under /__mock/outputs/<task>/<n>.<png|mp4>: a
 * 1×1 PNG for images, a minimal ISO-BMFF MP4 (ftyp + moov) for videos, each carrying bytes derived
 * from the task id and n (so every task's file differs) and padded to a chosen size, with
 * Content-Length, single byte ranges, and 410 Gone once the link has expired (the gateway's 24 h,
 * scaled with the timing).
 */
import { models } from "../../generated/models/registry.js";
import { json } from "./http.js";
import { snapshot } from "./lifecycle.js";
import type { SimulatorState, StoredTask } from "./state.js";

export const OUTPUTS_PREFIX = "/__mock/outputs/";

export function outputUrl(origin: string, task: StoredTask, index: number): string {
  const extension = models[task.model].output === "image" ? "png" : "mp4";
  return `${origin}${OUTPUTS_PREFIX}${encodeURIComponent(task.id)}/${index}.${extension}`;
}

/** Smallest file when no size is asked for: the headers plus 64 bytes that are the task's own. */
export const MIN_OUTPUT_PAYLOAD = 64;

/**
 * The bytes of a task's n-th output: a valid file of the declared type whose content follows from
 * the task id and n (so two tasks' files differ, and the same link always serves the same bytes),
 * padded to `size` bytes when that is larger than the smallest such file.
 */
export function outputFile(taskId: string, index: number, kind: "image" | "video", size = 0): Uint8Array<ArrayBuffer> {
  const seed = `${taskId}/${index}`;
  return kind === "image" ? png(seed, size) : mp4(seed, size);
}

/** Deterministic filler: xorshift32 seeded with the FNV-1a hash of the seed text. */
function filler(seed: string, length: number): Uint8Array {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193);
  state ||= 1;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

const ascii = (bytes: Uint8Array, at: number, text: string) => [...text].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));

/** ftyp (isom, mp41) + moov holding one mvhd (the smallest file MP4 parsers accept) + a `free` box of the task's filler. */
function mp4(seed: string, size: number): Uint8Array<ArrayBuffer> {
  const head = 140;
  const payload = Math.max(MIN_OUTPUT_PAYLOAD, size - head - 8);
  const bytes = new Uint8Array(head + 8 + payload);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 24);
  ascii(bytes, 4, "ftypisom");
  view.setUint32(12, 0x200);
  ascii(bytes, 16, "isommp41");
  view.setUint32(24, 116);
  ascii(bytes, 28, "moov");
  view.setUint32(32, 108);
  ascii(bytes, 36, "mvhd");
  // version/flags 0, creation/modification 0, timescale 1000, duration 0
  view.setUint32(52, 1000);
  view.setUint32(60, 0x00010000); // rate 1.0
  view.setUint16(64, 0x0100); // volume 1.0
  [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].forEach((v, i) => view.setUint32(76 + i * 4, v)); // identity matrix
  view.setUint32(136, 1); // next track id
  view.setUint32(head, 8 + payload);
  ascii(bytes, head + 4, "free"); // a box every reader skips
  bytes.set(filler(seed, payload), head + 8);
  return bytes;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** IHDR 1×1 RGBA 8-bit, and an IDAT of one pixel. */
const PNG_IHDR = Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0);
const PNG_IDAT = Uint8Array.from(atob("eNpjZGD4Xw8AAocBgA=="), (c) => c.charCodeAt(0));

/** A 1×1 PNG with a private ancillary chunk (`mkTs`, safe to copy, ignored by decoders) of the task's filler before IEND. */
function png(seed: string, size: number): Uint8Array<ArrayBuffer> {
  const fixed = 8 + (12 + 13) + (12 + PNG_IDAT.length) + 12 + 12;
  const payload = Math.max(MIN_OUTPUT_PAYLOAD, size - fixed);
  const bytes = new Uint8Array(fixed + payload);
  bytes.set(PNG_SIGNATURE, 0);
  let at = 8;
  for (const [type, data] of [["IHDR", PNG_IHDR], ["IDAT", PNG_IDAT], ["mkTs", filler(seed, payload)], ["IEND", new Uint8Array(0)]] as const) {
    const view = new DataView(bytes.buffer);
    view.setUint32(at, data.length);
    ascii(bytes, at + 4, type);
    bytes.set(data, at + 8);
    view.setUint32(at + 8 + data.length, crc32(bytes.subarray(at + 4, at + 8 + data.length)));
    at += 12 + data.length;
  }
  return bytes;
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Parses a single `bytes=` range; undefined when absent, "unsatisfiable" when it cannot be served. */
function byteRange(header: string | null, size: number): { start: number; end: number } | "unsatisfiable" | undefined {
  if (header === null) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return "unsatisfiable";
  if (match[1] === "") {
    const suffix = Number(match[2]);
    return suffix === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? "unsatisfiable" : { start, end };
}

/** `size`: the smallest size of each file in bytes (SimulatorOptions.outputBytes). */
export function serveOutput(state: SimulatorState, request: Request, pathname: string, size = 0): Response {
  const notFound = () => json(404, { error: { code: "not_found", message: "No such output file", type: "not_found_error" } });
  const match = /^\/__mock\/outputs\/([^/]+)\/(\d{1,4})\.(png|mp4)$/.exec(pathname);
  if (!match) return notFound();
  let id: string;
  try {
    id = decodeURIComponent(match[1]!);
  } catch {
    return notFound();
  }
  const task = state.tasks.get(id);
  const image = task !== undefined && models[task.model].output === "image";
  const count = task === undefined ? 0 : image ? Number(task.input.n ?? 1) : 1;
  if (!task || snapshot(task.life, state.clock.now()).phase !== "succeeded" || Number(match[2]) >= count || match[3] !== (image ? "png" : "mp4")) return notFound();
  if (state.clock.now() >= task.linksExpireAt) return json(410, { error: { code: "link_expired", message: `This output link expired at ${new Date(task.linksExpireAt).toISOString()}`, type: "not_found_error" } });
  const file = outputFile(task.id, Number(match[2]), image ? "image" : "video", size);
  const base = { "content-type": image ? "image/png" : "video/mp4", "accept-ranges": "bytes", "cache-control": "private, no-store" };
  const range = byteRange(request.headers.get("range"), file.byteLength);
  if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { ...base, "content-range": `bytes */${file.byteLength}` } });
  const body = range ? file.slice(range.start, range.end + 1) : file;
  const headers = { ...base, "content-length": String(body.byteLength), ...(range ? { "content-range": `bytes ${range.start}-${range.end}/${file.byteLength}` } : {}) };
  return new Response(request.method === "HEAD" ? null : body, { status: range ? 206 : 200, headers });
}
