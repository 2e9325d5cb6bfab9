/** downloadOutputs against a real local file server that cuts connections, expires links and lies. */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerationTask } from "../../src/generations.js";
import { DownloadError, downloadOutputs, LinkExpiredError, type DownloadOptions } from "../../src/node/download.js";
import { patternBytes, startFileServer, type FileServer } from "../helpers/file-server.js";

let server: FileServer;
let dir: string;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const task = (urls: string[], extra: Partial<GenerationTask> = {}): GenerationTask => ({
  provider: "mindvideo",
  id: "task_dl_1",
  model: "doubao-seedance-2-0-fast",
  status: "succeeded",
  outputs: urls.map((url) => ({ kind: url.endsWith(".png") ? "image" : "video", url })),
  raw: {},
  ...extra,
});

beforeAll(async () => {
  server = await startFileServer();
});
afterAll(() => server.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mindvideo-dl-"));
  server.files.clear();
  server.requests.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The file server plays the API's own origin (as the mock does): its links are trusted though it is on 127.0.0.1. */
const download = (t: GenerationTask, d: string, options: DownloadOptions = {}) => downloadOutputs(t, d, { apiBaseUrl: server.url, ...options });

describe("downloadOutputs", () => {
  it("streams each output to <task>-<n>.<ext from Content-Type> with its SHA-256", async () => {
    const video = patternBytes(300_000, 7);
    const image = patternBytes(5_000, 9);
    server.files.set("/o/a.bin", { bytes: video, type: "video/mp4" });
    server.files.set("/o/b.png", { bytes: image, type: "image/png" });
    const files = await download(task([`${server.url}/o/a.bin`, `${server.url}/o/b.png`]), dir);
    expect(files.map((f) => f.path)).toEqual([join(dir, "task_dl_1-0.mp4"), join(dir, "task_dl_1-1.png")]);
    expect(files.map((f) => f.sha256)).toEqual([sha256(video), sha256(image)]);
    expect(sha256(readFileSync(files[0]!.path))).toBe(sha256(video));
    expect(readdirSync(dir).sort()).toEqual(["task_dl_1-0.mp4", "task_dl_1-1.png"]);
  });

  it("a connection cut halfway resumes with Range and ends with the right checksum", async () => {
    const bytes = patternBytes(1_000_000, 3);
    server.files.set("/o/v.mp4", { bytes, type: "video/mp4", cutAfter: 400_000 });
    const progress: number[] = [];
    const [file] = await download(task([`${server.url}/o/v.mp4`]), dir, { onProgress: (p) => progress.push(p.received) });
    expect(server.requests.map((r) => r.range)).toEqual([undefined, expect.stringMatching(/^bytes=\d+-$/)]);
    const resumedAt = Number(/\d+/.exec(server.requests[1]!.range!)![0]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(file!.sha256).toBe(sha256(bytes));
    expect(sha256(readFileSync(file!.path))).toBe(sha256(bytes));
    expect(progress.at(-1)).toBe(bytes.length);
  });

  it("a partial file left by an earlier run resumes on the next call", async () => {
    const bytes = patternBytes(200_000, 5);
    server.files.set("/o/v.mp4", { bytes, type: "video/mp4", cutAfter: 120_000 });
    await expect(download(task([`${server.url}/o/v.mp4`]), dir, { maxAttempts: 1 })).rejects.toThrow(/connection lost|body ended/);
    expect(readdirSync(dir)).toEqual(["task_dl_1-0.part"]);
    const [file] = await download(task([`${server.url}/o/v.mp4`]), dir);
    expect(server.requests[1]!.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(file!.sha256).toBe(sha256(bytes));
    expect(readdirSync(dir)).toEqual(["task_dl_1-0.mp4"]);
  });

  it("a server that ignores Range restarts from zero and still ends right", async () => {
    const bytes = patternBytes(200_000, 11);
    server.files.set("/o/v.mp4", { bytes, type: "video/mp4", cutAfter: 50_000, noRange: true });
    const [file] = await download(task([`${server.url}/o/v.mp4`]), dir);
    expect(file!.sha256).toBe(sha256(bytes));
    expect(file!.bytes).toBe(bytes.length);
  });

  it("skips files already complete: nothing is fetched", async () => {
    const bytes = patternBytes(10_000, 2);
    server.files.set("/o/v.mp4", { bytes, type: "video/mp4" });
    await download(task([`${server.url}/o/v.mp4`]), dir);
    const again = await download(task([`${server.url}/o/v.mp4`]), dir);
    expect(server.requests).toHaveLength(1);
    expect(again[0]).toMatchObject({ skipped: true, sha256: sha256(bytes), bytes: bytes.length });
  });

  it("an expired link is a LinkExpiredError naming the task", async () => {
    server.files.set("/o/v.mp4", { bytes: patternBytes(10), type: "video/mp4", expired: true });
    const error = await download(task([`${server.url}/o/v.mp4`], { expiresAt: "2026-01-01T00:00:00.000Z" }), dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinkExpiredError);
    expect(error).toMatchObject({ taskId: "task_dl_1", status: 410, url: `${server.url}/o/v.mp4` });
    expect((error as Error).message).toMatch(/^Task task_dl_1: .*410.*expired/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ["file:", "file:///etc/passwd"],
    ["data:", "data:video/mp4;base64,AAAA"],
    ["ftp:", "ftp://example.com/x.mp4"],
    ["not a URL", "not a url"],
  ])("refuses a %s URL before fetching anything", async (_name, url) => {
    await expect(download(task([url]), dir)).rejects.toThrow(DownloadError);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a file over the size cap from its Content-Length, and an unannounced one that grows past it", async () => {
    server.files.set("/o/big.mp4", { bytes: patternBytes(50_000), type: "video/mp4" });
    await expect(download(task([`${server.url}/o/big.mp4`]), dir, { maxBytes: 10_000 })).rejects.toThrow(/50000 bytes, over the 10000-byte cap/);
    server.files.set("/o/chunked.mp4", { bytes: patternBytes(50_000), type: "video/mp4", announcedLength: null });
    await expect(download(task([`${server.url}/o/chunked.mp4`]), dir, { maxBytes: 10_000 })).rejects.toThrow(/passed the 10000-byte cap/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a body that stalls short of its Content-Length times out and is never renamed to the final name", async () => {
    server.files.set("/o/short.mp4", { bytes: patternBytes(1_000), type: "video/mp4", announcedLength: 2_000 });
    await expect(download(task([`${server.url}/o/short.mp4`]), dir, { maxAttempts: 1, idleTimeoutMs: 200 })).rejects.toThrow(/connection lost after 1000 bytes/);
    expect(existsSync(join(dir, "task_dl_1-0.mp4"))).toBe(false);
  });

  it("a stale part that the server cannot resume (416) is discarded and the file fetched whole", async () => {
    const bytes = patternBytes(1_000, 4);
    server.files.set("/o/v.mp4", { bytes, type: "video/mp4" });
    writeFileSync(join(dir, "task_dl_1-0.part"), patternBytes(5_000));
    const [file] = await download(task([`${server.url}/o/v.mp4`]), dir);
    expect(file!.sha256).toBe(sha256(bytes));
  });

  it("refuses a prefix that could escape the directory", async () => {
    await expect(download(task([`${server.url}/o/v.mp4`]), dir, { prefix: "../x" })).rejects.toThrow(/file name/);
  });

  it("honours the caller's AbortSignal", async () => {
    server.files.set("/o/v.mp4", { bytes: patternBytes(10), type: "video/mp4" });
    await expect(download(task([`${server.url}/o/v.mp4`]), dir, { signal: AbortSignal.abort() })).rejects.toThrow();
  });
});
