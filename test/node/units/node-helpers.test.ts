/** Node helpers without a server: fileToDataUri (media type by extension, errors naming the file) and the rate gate's own sleep. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fileToDataUri } from "../../../src/node/index.js";
import { FileInputError } from "../../../src/files.js";
import { DEFAULT_RATE_GATE_OPTIONS, RateGate } from "../../../src/node/batch/limiter.js";

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), "mindvideo-node-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Bytes no sniffer recognizes: a declared image/video/audio type is then refused, naming the type the extension gave.
const PLAIN = new Uint8Array([1, 2, 3, 4]);
const b64 = btoa(String.fromCharCode(...PLAIN));

describe("fileToDataUri", () => {
  it.each([
    [".png", "image/png"],
    [".jpg", "image/jpeg"],
    [".JPEG", "image/jpeg"],
    [".webp", "image/webp"],
    [".gif", "image/gif"],
    [".mp4", "video/mp4"],
    [".webm", "video/webm"],
    [".mp3", "audio/mpeg"],
    [".wav", "audio/wav"],
  ])("%s is declared %s (shown by refusing content that is not one)", async (extension, type) => {
    const path = join(dir, `file${extension}`);
    writeFileSync(path, PLAIN);
    await expect(fileToDataUri(path)).rejects.toThrow(new RegExp(`^file\\${extension} is declared ${type} but its content matches no known format`));
  });

  it("an unknown extension has no type; the caller's mediaType wins; errors name the file by its base name", async () => {
    const path = join(dir, "notes.txt");
    writeFileSync(path, PLAIN);
    await expect(fileToDataUri(path)).rejects.toThrow(new FileInputError("cannot tell the media type of notes.txt: pass mediaType"));
    const clip = join(dir, "clip.mp4");
    writeFileSync(clip, PLAIN);
    expect(await fileToDataUri(clip, { mediaType: "text/plain" })).toBe(`data:text/plain;base64,${b64}`);
    await expect(fileToDataUri(clip, { maxBytes: 3 })).rejects.toThrow(/^clip\.mp4 is 4 bytes/);
    expect(await fileToDataUri(path, { name: "mine", mediaType: "application/octet-stream" })).toBe(`data:application/octet-stream;base64,${b64}`);
  });

  it("a file it cannot read is a FileInputError with the path and the code", async () => {
    const missing = join(dir, "missing.png");
    await expect(fileToDataUri(missing)).rejects.toThrow(new FileInputError(`cannot read ${missing}: ENOENT`));
  });
});

describe("RateGate defaults and its own sleep", () => {
  afterEach(() => void vi.useRealTimers());

  it("defaults: 1 s first pause, 60 s cap, frozen", () => {
    expect(DEFAULT_RATE_GATE_OPTIONS).toEqual({ initialPauseMs: 1_000, maxPauseMs: 60_000 });
    expect(Object.isFrozen(DEFAULT_RATE_GATE_OPTIONS)).toBe(true);
  });

  it("counts 429s; without a clock it waits on wall time (fake timers here)", async () => {
    vi.useFakeTimers({ now: 0 });
    const gate = new RateGate();
    gate.observe(new Response(null, { status: 429 }));
    gate.observe(new Response(null, { status: 200 }));
    expect(gate.rateLimited).toBe(1);
    let ready = false;
    void gate.ready().then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);
  });

  it("a wait is cut by its signal, and an aborted signal rejects at once", async () => {
    vi.useFakeTimers({ now: 0 });
    const gate = new RateGate();
    gate.observe(new Response(null, { status: 429, headers: { "retry-after": "30" } }));
    const controller = new AbortController();
    const waiting = gate.ready(controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(vi.getTimerCount()).toBe(0);
    await expect(gate.ready(controller.signal)).rejects.toThrow("stop");
  });

  it("the pause never shrinks: a shorter later hint keeps the longer pause", async () => {
    let now = 0;
    const slept: number[] = [];
    const gate = new RateGate({ now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) });
    gate.observe(new Response(null, { status: 429, headers: { "retry-after": "10" } }));
    gate.observe(new Response(null, { status: 429, headers: { "retry-after": "2" } }));
    await gate.ready();
    expect(slept).toEqual([10_000]);
    expect(gate.rateLimited).toBe(2);
  });

  it("custom initial pause and cap", async () => {
    let now = 0;
    const slept: number[] = [];
    const gate = new RateGate({ initialPauseMs: 300, maxPauseMs: 500, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) });
    gate.observe(new Response(null, { status: 429 }));
    await gate.ready();
    gate.observe(new Response(null, { status: 429 }));
    await gate.ready();
    expect(slept).toEqual([300, 500]);
  });
});
