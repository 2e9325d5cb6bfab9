/** The simulator's output files over HTTP (src/simulator/outputs.ts): ranges, HEAD, which paths name a file, and the links' expiry. */
import { describe, expect, it } from "vitest";
import { setup } from "./sim.js";

const VIDEO = { model: "doubao-seedance-2-0-fast", input: { prompt: "a quiet harbour", resolution: "720p", duration: 5 } };
const IMAGES = { model: "apimart-doubao-seedance-4-0", input: { prompt: "a red kite", n: 2 } };

/** A finished task of `body` on a fresh simulator: its output paths, in the order the task lists them. */
async function finished(body: unknown) {
  const s = setup();
  const created = await s.call("POST", "/api/v1/tasks", { body: JSON.stringify(body) });
  const id = created.body!.task_id as string;
  s.clock.advance(60_000);
  const task = (await s.call("GET", `/api/v1/tasks/${id}`)).body!;
  const outputs = [...(task.output.videos ?? []), ...(task.output.images ?? [])].map((o: { url: string }) => new URL(o.url).pathname);
  const get = (path: string, headers: Record<string, string> = {}, method = "GET") => s.sim.handle(new Request(`http://mock.test${path}`, { method, headers }));
  return { s, id, outputs, get };
}

describe("output files: byte ranges", async () => {
  const { outputs, get } = await finished(VIDEO);
  const path = outputs[0]!;
  const full = new Uint8Array(await (await get(path)).arrayBuffer());
  const size = full.byteLength;

  it("a whole file: 200, its type, its length, ranges offered, not cached", async () => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({ "content-type": "video/mp4", "content-length": String(size), "accept-ranges": "bytes", "cache-control": "private, no-store" });
    expect(response.headers.get("content-range")).toBeNull();
  });

  it.each([
    ["the first ten bytes", { given: "bytes=0-9", want: [0, 9] }],
    ["a header with spaces around it", { given: "  bytes=0-9 ", want: [0, 9] }],
    ["one byte", { given: "bytes=5-5", want: [5, 5] }],
    ["from an offset to the end", { given: "bytes=5-", want: [5, size - 1] }],
    ["an end past the file, cut to it", { given: `bytes=5-${size + 100}`, want: [5, size - 1] }],
    ["the last byte", { given: `bytes=${size - 1}-`, want: [size - 1, size - 1] }],
    ["the last ten bytes", { given: "bytes=-10", want: [size - 10, size - 1] }],
    ["a suffix longer than the file: all of it", { given: `bytes=-${size + 5}`, want: [0, size - 1] }],
  ])("%s: 206 with exactly those bytes", async (_name, { given, want }) => {
    const [start, end] = want as [number, number];
    const response = await get(path, { range: given });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`bytes ${start}-${end}/${size}`);
    expect(response.headers.get("content-length")).toBe(String(end - start + 1));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(full.slice(start, end + 1));
  });

  it.each([
    ["no numbers", "bytes=-"],
    ["an empty suffix", "bytes=-0"],
    ["a start at the file's size", `bytes=${size}-`],
    ["an end before its start", "bytes=9-5"],
    ["another unit", "items=0-9"],
    ["text before the unit", "xbytes=0-9"],
    ["text after the range", "bytes=0-9x"],
    ["two ranges", "bytes=0-1,4-5"],
  ])("%s: 416 naming the size, no body", async (_name, given) => {
    const response = await get(path, { range: given });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe(`bytes */${size}`);
    expect(await response.text()).toBe("");
  });

  it("HEAD: the headers of a GET, no body", async () => {
    const response = await get(path, {}, "HEAD");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(size));
    expect(await response.text()).toBe("");
  });
});

describe("output files: which paths name a file", () => {
  it("each of n images is its own PNG; past n, the wrong extension or a finished video's png is not found", async () => {
    const images = await finished(IMAGES);
    expect(images.outputs).toHaveLength(2);
    for (const path of images.outputs) {
      const response = await images.get(path);
      expect([response.status, response.headers.get("content-type")]).toEqual([200, "image/png"]);
    }
    const [first, second] = await Promise.all(images.outputs.map(async (p) => new Uint8Array(await (await images.get(p)).arrayBuffer())));
    expect(first).not.toEqual(second);
    const base = images.outputs[0]!.replace(/\/0\.png$/, "");
    for (const path of [`${base}/2.png`, `${base}/0.mp4`, `${base}/0.png.bak`, `${base}/0.pngx`, `/x${base}/0.png`, `${base}/12345.png`]) expect((await images.get(path)).status, path).toBe(404);
    expect((await images.get(`${base}/01.png`)).status).toBe(200); // the same index written with a leading zero
  });

  it.each([
    ["an unknown task", (id: string) => `/__mock/outputs/${id}x/0.mp4`],
    ["an id that does not decode", () => "/__mock/outputs/%E0%A4%A/0.mp4"],
    ["a video's output as a PNG", (id: string) => `/__mock/outputs/${encodeURIComponent(id)}/0.png`],
  ])("%s: 404 not_found", async (_name, path) => {
    const { id, get } = await finished(VIDEO);
    const response = await get(path(id));
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("a task still running has no file yet", async () => {
    const s = setup();
    const id = (await s.call("POST", "/api/v1/tasks", { body: JSON.stringify(VIDEO) })).body!.task_id as string;
    s.clock.advance(1_500);
    const response = await s.sim.handle(new Request(`http://mock.test/__mock/outputs/${encodeURIComponent(id)}/0.mp4`));
    expect(response.status).toBe(404);
  });
});

describe("output files: expiry", () => {
  it("a link works until the instant it expires, then answers 410 link_expired naming that instant", async () => {
    const { s, outputs, get } = await finished(VIDEO);
    const expiresAt = s.sim.tasks().find(() => true)!.linksExpireAt as number;
    s.clock.advance(expiresAt - 1 - s.clock.now());
    expect((await get(outputs[0]!)).status).toBe(200);
    s.clock.advance(1);
    const response = await get(outputs[0]!);
    expect(response.status).toBe(410);
    const body = (await response.json()) as { error: { code: string; message: string; type: string } };
    expect(body.error).toEqual({ code: "link_expired", message: `This output link expired at ${new Date(expiresAt).toISOString()}`, type: "not_found_error" });
  });
});
