/**
 * A task's output files, served by the mock itself under /__mock/outputs/<task>/<n>.<png|mp4>: a
 * 1×1 PNG for images, a minimal ISO-BMFF MP4 (ftyp + moov) for videos, with Content-Length, single
 * byte ranges, and 410 Gone once the link has expired (the gateway's 24 h, scaled with the timing).
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

const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));

/** ftyp (isom, mp41) + moov holding one mvhd: the smallest file MP4 parsers accept. */
const MP4 = (() => {
  const bytes = new Uint8Array(140);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  view.setUint32(0, 24);
  ascii(4, "ftypisom");
  view.setUint32(12, 0x200);
  ascii(16, "isommp41");
  view.setUint32(24, 116);
  ascii(28, "moov");
  view.setUint32(32, 108);
  ascii(36, "mvhd");
  // version/flags 0, creation/modification 0, timescale 1000, duration 0
  view.setUint32(52, 1000);
  view.setUint32(60, 0x00010000); // rate 1.0
  view.setUint16(64, 0x0100); // volume 1.0
  [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].forEach((v, i) => view.setUint32(76 + i * 4, v)); // identity matrix
  view.setUint32(136, 1); // next track id
  return bytes;
})();

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

export function serveOutput(state: SimulatorState, request: Request, pathname: string): Response {
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
  const file = image ? PNG : MP4;
  const base = { "content-type": image ? "image/png" : "video/mp4", "accept-ranges": "bytes", "cache-control": "private, no-store" };
  const range = byteRange(request.headers.get("range"), file.byteLength);
  if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { ...base, "content-range": `bytes */${file.byteLength}` } });
  const body = range ? file.slice(range.start, range.end + 1) : file;
  const headers = { ...base, "content-length": String(body.byteLength), ...(range ? { "content-range": `bytes ${range.start}-${range.end}/${file.byteLength}` } : {}) };
  return new Response(request.method === "HEAD" ? null : body, { status: range ? 206 : 200, headers });
}
