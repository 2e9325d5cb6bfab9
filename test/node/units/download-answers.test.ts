/**
 * downloadOutputs against a scripted fetch (its `fetch` option) and a temp directory: every answer
 * a file server can give (statuses, ranges, lengths, types, redirects, cut bodies) and what ends on
 * disk, what is retried and what the error says.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GenerationTask } from "../../../src/generations.js";
import { DEFAULT_DOWNLOAD_OPTIONS, DownloadError, downloadOutputs, hashFile, LinkExpiredError, type DownloadOptions, type DownloadProgress } from "../../../src/node/download.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const bytesOf = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) % 251);

type Answer = Response | Error | ((call: { url: string; headers: Record<string, string> }) => Response | Error);
interface Call {
  url: string;
  headers: Record<string, string>;
  redirect: RequestRedirect | undefined;
  signal: AbortSignal | undefined;
}

/** A fetch that answers from a script (the last answer repeats) and records each call. */
function scripted(answers: Answer[]) {
  const calls: Call[] = [];
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const call = { url: input, headers: { ...(init.headers as Record<string, string>) }, redirect: init.redirect, signal: init.signal ?? undefined };
    calls.push(call);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    const outcome = typeof answer === "function" ? answer(call) : answer;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return { fetch, calls };
}

/** A body that sends `bytes` in chunks of `chunk`, then errors (a cut connection) when `cut` is set. */
function body(bytes: Uint8Array, options: { chunk?: number; cut?: boolean } = {}): ReadableStream<Uint8Array> {
  const size = options.chunk ?? bytes.length;
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at < bytes.length) {
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      } else if (options.cut) controller.error(new Error("socket hang up"));
      else controller.close();
    },
  });
}

const file = (bytes: Uint8Array, headers: Record<string, string> = {}, status = 200, options: { cut?: boolean; chunk?: number; noLength?: boolean } = {}) =>
  new Response(body(bytes, options), { status, headers: { "content-type": "video/mp4", ...(options.noLength ? {} : { "content-length": String(bytes.length) }), ...headers } });
const status = (code: number, headers: Record<string, string> = {}) => new Response(code === 304 ? null : "nope", { status: code, headers });

const URL_A = "https://cdn.example.com/o/a.mp4";
const task = (urls: string[] = [URL_A], extra: Partial<GenerationTask> = {}): GenerationTask => ({
  provider: "mindvideo",
  id: "task_1",
  model: "doubao-seedance-2-0-fast",
  status: "succeeded",
  outputs: urls.map((url) => ({ kind: url.endsWith(".png") ? ("image" as const) : ("video" as const), url })),
  raw: {},
  ...extra,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mindvideo-dla-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as DownloadError & { retryable?: boolean });

describe("downloadOutputs answers", () => {
  it("asks for identity encoding with manual redirects, writes <task>-<n>.<ext> and reports every step's progress", async () => {
    const bytes = bytesOf(10);
    const { fetch, calls } = scripted([file(bytes, {}, 200, { chunk: 4 })]);
    const progress: DownloadProgress[] = [];
    const files = await downloadOutputs(task(), dir, { fetch, onProgress: (p) => progress.push({ ...p }) });
    expect(calls).toEqual([{ url: URL_A, headers: { "accept-encoding": "identity" }, redirect: "manual", signal: expect.any(AbortSignal) }]);
    expect(files).toEqual([{ url: URL_A, path: join(dir, "task_1-0.mp4"), bytes: 10, sha256: sha256(bytes), skipped: false }]);
    expect(progress.map((p) => p.received)).toEqual([0, 4, 8, 10]);
    expect(progress[0]).toEqual({ taskId: "task_1", index: 0, url: URL_A, received: 0, total: 10 });
    expect(readdirSync(dir)).toEqual(["task_1-0.mp4"]);
  });

  it("a second call finds the complete file, fetches nothing and hashes what is on disk", async () => {
    const bytes = bytesOf(33);
    await downloadOutputs(task(), dir, { fetch: scripted([file(bytes)]).fetch });
    const { fetch, calls } = scripted([new Error("must not fetch")]);
    expect(await downloadOutputs(task(), dir, { fetch })).toEqual([{ url: URL_A, path: join(dir, "task_1-0.mp4"), bytes: 33, sha256: sha256(bytes), skipped: true }]);
    expect(calls).toEqual([]);
    expect(await hashFile(join(dir, "task_1-0.mp4"))).toBe(sha256(bytes));
  });

  it.each([
    ["a file of another task's prefix", "task_1-00.mp4"],
    ["an unknown extension", "task_1-0.txt"],
    ["a part file", "task_1-0.part"],
    ["a name that only starts alike", "task_1-0mp4"],
  ])("is not fooled by %s: the output is fetched", async (_name, existing) => {
    writeFileSync(join(dir, existing), existing === "task_1-0.part" ? "" : "x");
    const { fetch, calls } = scripted([file(bytesOf(5))]);
    const [result] = await downloadOutputs(task(), dir, { fetch });
    expect(calls).toHaveLength(1);
    expect(result!.skipped).toBe(false);
  });

  it("several outputs are numbered in order; a prefix replaces the task id", async () => {
    const { fetch } = scripted([(call) => file(new TextEncoder().encode(call.url), { "content-type": call.url.endsWith(".png") ? "image/png" : "video/mp4" })]);
    const files = await downloadOutputs(task(["https://cdn.example.com/a.mp4", "https://cdn.example.com/b.png"]), join(dir, "sub", "deeper"), { fetch, prefix: "job.7_x-y" });
    expect(files.map((f) => f.path)).toEqual([join(dir, "sub", "deeper", "job.7_x-y-0.mp4"), join(dir, "sub", "deeper", "job.7_x-y-1.png")]);
  });

  it.each([
    ["../x", false],
    ["a/b", false],
    [".hidden", false],
    ["", false],
    ["a".repeat(200), true],
    ["a".repeat(201), false],
    ["A9._-", true],
  ])("prefix %j allowed: %s", async (prefix, allowed) => {
    const { fetch, calls } = scripted([file(bytesOf(3))]);
    const outcome = await failure(downloadOutputs(task(), dir, { fetch, prefix }));
    if (allowed) expect(outcome).toBeUndefined();
    else {
      expect(outcome).toBeInstanceOf(DownloadError);
      expect(outcome!.message).toBe(`Task task_1: cannot use ${JSON.stringify(prefix)} in a file name (letters, digits, . _ - only)`);
      expect(calls).toEqual([]);
    }
  });

  it.each([
    ["video/mp4", URL_A, "mp4"],
    ["Video/WebM; codecs=vp9", URL_A, "webm"],
    ["video/quicktime", URL_A, "mov"],
    ["image/jpeg", "https://c.example.com/x.png", "jpg"],
    ["image/webp", "https://c.example.com/x.png", "webp"],
    ["image/gif", "https://c.example.com/x.png", "gif"],
    ["audio/mpeg", URL_A, "mp3"],
    ["audio/wav", URL_A, "wav"],
    ["application/octet-stream", "https://c.example.com/clip.MOV?sig=1", "mov"],
    ["application/octet-stream", "https://c.example.com/photo.jpeg", "jpg"],
    ["", "https://c.example.com/photo.webp", "webp"],
    ["application/octet-stream", "https://c.example.com/clip.exe", "mp4"],
    ["application/octet-stream", "https://c.example.com/pic.exe.png", "png"],
    ["application/octet-stream", "https://c.example.com/noext", "mp4"],
    ["text/html", "https://c.example.com/x.png", "png"],
  ])("Content-Type %j at %s is saved as .%s", async (contentType, url, ext) => {
    const { fetch } = scripted([new Response(body(bytesOf(4)), { status: 200, headers: contentType ? { "content-type": contentType } : {} })]);
    const [result] = await downloadOutputs(task([url]), dir, { fetch });
    expect(result!.path).toBe(join(dir, `task_1-0.${ext}`));
  });

  it("an image output without any type hint is a .png, a video one a .mp4", async () => {
    const { fetch } = scripted([new Response(body(bytesOf(4)), { status: 200 })]);
    const files = await downloadOutputs({ ...task(), outputs: [{ kind: "image", url: "https://c.example.com/i" }, { kind: "video", url: "https://c.example.com/v" }] }, dir, { fetch });
    expect(files.map((f) => f.path)).toEqual([join(dir, "task_1-0.png"), join(dir, "task_1-1.mp4")]);
  });
});

describe("downloadOutputs statuses", () => {
  it.each([
    [404, undefined],
    [410, undefined],
    [410, "2020-01-01T00:00:00Z"],
    [403, "2020-01-01T00:00:00Z"],
  ])("%d (links expired at %s) is a LinkExpiredError, not retried", async (code, expiresAt) => {
    const { fetch, calls } = scripted([status(code)]);
    const error = await failure(downloadOutputs(task([URL_A], expiresAt ? { expiresAt } : {}), dir, { fetch }));
    expect(error).toBeInstanceOf(LinkExpiredError);
    expect(error).toMatchObject({ status: code, expiresAt, taskId: "task_1", url: URL_A });
    expect(error!.message).toBe(`Task task_1: output link answered ${code}: it has expired${expiresAt ? ` (links expired at ${expiresAt})` : ""}; regenerate the task to get the file again`);
    expect(calls).toHaveLength(1);
  });

  it("a partial file survives an expired link", async () => {
    writeFileSync(join(dir, "task_1-0.part"), bytesOf(3));
    await expect(downloadOutputs(task(), dir, { fetch: scripted([status(410)]).fetch })).rejects.toBeInstanceOf(LinkExpiredError);
    expect(readdirSync(dir)).toEqual(["task_1-0.part"]);
  });

  it.each([
    ["403 before the expiry time", 403, { expiresAt: "2999-01-01T00:00:00Z" }],
    ["403 without an expiry time", 403, {}],
    ["401", 401, {}],
    ["400", 400, {}],
    ["200-range 204? no: 299", 299, {}],
  ])("%s is a plain DownloadError, not retried", async (_name, code, extra) => {
    const { fetch, calls } = scripted([code === 299 ? new Response("x", { status: 299 }) : status(code)]);
    const error = await failure(downloadOutputs(task([URL_A], extra), dir, { fetch }));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).not.toBeInstanceOf(LinkExpiredError);
    expect(error!.message).toBe(`Task task_1: output link answered ${code}`);
    expect(calls).toHaveLength(1);
  });

  it.each([429, 500, 503, 599])("%d is retried up to maxAttempts", async (code) => {
    const { fetch, calls } = scripted([status(code), status(code), file(bytesOf(8))]);
    expect((await downloadOutputs(task(), dir, { fetch }))[0]!.bytes).toBe(8);
    expect(calls).toHaveLength(3);
    const again = scripted([status(code)]);
    rmSync(join(dir, "task_1-0.mp4"));
    const error = await failure(downloadOutputs(task(), dir, { fetch: again.fetch, maxAttempts: 2 }));
    expect(error!.message).toBe(`Task task_1: output link answered ${code}`);
    expect(again.calls).toHaveLength(2);
  });

  it("the default is 3 attempts; maxAttempts below 1 still makes one", async () => {
    const three = scripted([status(500)]);
    await failure(downloadOutputs(task(), dir, { fetch: three.fetch }));
    expect(three.calls).toHaveLength(DEFAULT_DOWNLOAD_OPTIONS.maxAttempts);
    expect(DEFAULT_DOWNLOAD_OPTIONS.maxAttempts).toBe(3);
    const one = scripted([status(500)]);
    await failure(downloadOutputs(task(), dir, { fetch: one.fetch, maxAttempts: 0 }));
    expect(one.calls).toHaveLength(1);
  });

  it("a fetch that throws is retried, and named with its message", async () => {
    const { fetch, calls } = scripted([new TypeError("fetch failed")]);
    const error = await failure(downloadOutputs(task(), dir, { fetch }));
    expect(error!.message).toBe(`Task task_1: could not fetch ${URL_A}: fetch failed`);
    expect(error!.cause).toBeInstanceOf(TypeError);
    expect(calls).toHaveLength(3);
  });

  it("a fetch refused by the address guard is not retried and says why", async () => {
    const refusal = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("x.test resolves to 10.0.0.1 (private)"), { code: "ESPECIALADDRESS" }) });
    const { fetch, calls } = scripted([refusal]);
    const error = await failure(downloadOutputs(task(), dir, { fetch }));
    expect(error!.message).toBe(`Task task_1: refusing to download ${URL_A}: x.test resolves to 10.0.0.1 (private); a server's links must not reach inside your network (pass allowSpecialAddresses: true to allow it)`);
    expect(calls).toHaveLength(1);
  });

  it("an aborted signal stops retrying a failed fetch", async () => {
    const controller = new AbortController();
    const { fetch, calls } = scripted([
      () => {
        controller.abort(new Error("user stop"));
        return new TypeError("fetch failed");
      },
    ]);
    const error = await failure(downloadOutputs(task(), dir, { fetch, signal: controller.signal }));
    expect(error).toBeInstanceOf(TypeError);
    expect(calls).toHaveLength(1);
  });
});

describe("downloadOutputs lengths and ranges", () => {
  it("a Content-Length over the cap is refused before reading, and no part is left", async () => {
    const { fetch } = scripted([file(bytesOf(11))]);
    const error = await failure(downloadOutputs(task(), dir, { fetch, maxBytes: 10 }));
    expect(error!.message).toBe("Task task_1: file is 11 bytes, over the 10-byte cap");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a file exactly at the cap is saved", async () => {
    const { fetch } = scripted([file(bytesOf(10), {}, 200, { noLength: true })]);
    expect((await downloadOutputs(task(), dir, { fetch, maxBytes: 10 }))[0]!.bytes).toBe(10);
  });

  it("an unannounced body that passes the cap is cut, and its part removed", async () => {
    const { fetch } = scripted([file(bytesOf(11), {}, 200, { noLength: true, chunk: 5 })]);
    const error = await failure(downloadOutputs(task(), dir, { fetch, maxBytes: 10 }));
    expect(error!.message).toBe("Task task_1: file passed the 10-byte cap");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a body longer than its Content-Length is refused, not retried, and its part removed", async () => {
    const { fetch, calls } = scripted([file(bytesOf(12), { "content-length": "10" }, 200, { chunk: 4 })]);
    const error = await failure(downloadOutputs(task(), dir, { fetch }));
    expect(error!.message).toBe("Task task_1: server sent more than the announced 10 bytes");
    expect(calls).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ["a compressed body's length is not the file's", { "content-encoding": "gzip", "content-length": "3" }],
    ["a non-numeric length is ignored", { "content-length": "ten" }],
    ["a negative length is ignored", { "content-length": "-1" }],
  ])("%s", async (_name, headers) => {
    const { fetch } = scripted([file(bytesOf(10), headers)]);
    const progress: DownloadProgress[] = [];
    expect((await downloadOutputs(task(), dir, { fetch, onProgress: (p) => progress.push(p) }))[0]!.bytes).toBe(10);
    expect(progress[0]!.total).toBeUndefined();
  });

  it("an identity Content-Encoding keeps the length; a padded length is read", async () => {
    const { fetch } = scripted([file(bytesOf(10), { "content-encoding": "identity", "content-length": " 10 " })]);
    const progress: DownloadProgress[] = [];
    await downloadOutputs(task(), dir, { fetch, onProgress: (p) => progress.push(p) });
    expect(progress[0]!.total).toBe(10);
  });

  it("a body cut short of its length keeps the part, resumes with Range from where it stopped, and hashes the whole", async () => {
    const bytes = bytesOf(20);
    const { fetch, calls } = scripted([
      file(bytes.slice(0, 8), { "content-length": "20" }, 200, { cut: true }),
      file(bytes.slice(8), { "content-length": "12", "content-range": "bytes 8-19/20" }, 206),
    ]);
    const progress: DownloadProgress[] = [];
    const [result] = await downloadOutputs(task(), dir, { fetch, onProgress: (p) => progress.push({ ...p }) });
    expect(calls.map((c) => c.headers.range)).toEqual([undefined, "bytes=8-"]);
    expect(result).toMatchObject({ bytes: 20, sha256: sha256(bytes) });
    expect(readFileSync(join(dir, "task_1-0.mp4"))).toEqual(Buffer.from(bytes));
    expect(progress.filter((p) => p.received === 8).map((p) => p.total)).toEqual([20, 20]);
  });

  it("a body that ends early without an error is retried from its end", async () => {
    const bytes = bytesOf(20);
    const { fetch, calls } = scripted([file(bytes.slice(0, 5), { "content-length": "20" }), file(bytes.slice(5), { "content-range": "bytes 5-19/*", "content-length": "15" }, 206)]);
    expect((await downloadOutputs(task(), dir, { fetch }))[0]!.sha256).toBe(sha256(bytes));
    expect(calls[1]!.headers.range).toBe("bytes=5-");
  });

  it("a body short on the last attempt fails with how far it got, and keeps the part", async () => {
    const { fetch } = scripted([file(bytesOf(5), { "content-length": "20" })]);
    const error = await failure(downloadOutputs(task(), dir, { fetch, maxAttempts: 1 }));
    expect(error!.message).toBe("Task task_1: body ended after 5 of 20 bytes; the part is kept and resumes with Range");
    expect(readdirSync(dir)).toEqual(["task_1-0.part"]);
  });

  it("a cut body on the last attempt says how many bytes arrived", async () => {
    const { fetch } = scripted([file(bytesOf(6), { "content-length": "20" }, 200, { cut: true })]);
    const error = await failure(downloadOutputs(task(), dir, { fetch, maxAttempts: 1 }));
    expect(error!.message).toBe("Task task_1: connection lost after 6 bytes; the part is kept and resumes with Range");
  });

  it("a 200 to a Range request starts the file over", async () => {
    writeFileSync(join(dir, "task_1-0.part"), bytesOf(4, 9));
    const bytes = bytesOf(10);
    const { fetch, calls } = scripted([file(bytes)]);
    const [result] = await downloadOutputs(task(), dir, { fetch });
    expect(calls[0]!.headers.range).toBe("bytes=4-");
    expect(result).toMatchObject({ bytes: 10, sha256: sha256(bytes) });
    expect(readFileSync(result!.path)).toEqual(Buffer.from(bytes));
  });

  it("a 416 to a resume removes the part and fetches the whole file", async () => {
    writeFileSync(join(dir, "task_1-0.part"), bytesOf(4));
    const bytes = bytesOf(10, 3);
    const { fetch, calls } = scripted([status(416), file(bytes)]);
    expect((await downloadOutputs(task(), dir, { fetch }))[0]!.sha256).toBe(sha256(bytes));
    expect(calls.map((c) => c.headers.range)).toEqual(["bytes=4-", undefined]);
  });

  it("a 416 without a part is a plain error", async () => {
    const error = await failure(downloadOutputs(task(), dir, { fetch: scripted([status(416)]).fetch }));
    expect(error!.message).toBe("Task task_1: output link answered 416");
  });

  it.each([
    ["another start", "bytes 3-9/10"],
    ["no Content-Range", undefined],
    ["a malformed one", "bytes=4-9/10"],
  ])("a 206 with %s is refused, the part dropped and the file fetched again whole", async (_name, range) => {
    writeFileSync(join(dir, "task_1-0.part"), bytesOf(4));
    const bytes = bytesOf(10, 5);
    const { fetch, calls } = scripted([file(bytes.slice(4), range ? { "content-range": range } : {}, 206), file(bytes)]);
    expect((await downloadOutputs(task(), dir, { fetch }))[0]!.sha256).toBe(sha256(bytes));
    expect(calls.map((c) => c.headers.range)).toEqual(["bytes=4-", undefined]);
    const once = scripted([file(bytes.slice(4), range ? { "content-range": range } : {}, 206)]);
    rmSync(join(dir, "task_1-0.mp4"));
    writeFileSync(join(dir, "task_1-0.part"), bytesOf(4));
    const error = await failure(downloadOutputs(task(), dir, { fetch: once.fetch, maxAttempts: 1 }));
    expect(error!.message).toBe(`Task task_1: server answered a different range (${range ?? "none"}) than asked (bytes=4-); restarting`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a 206 whose Content-Length disagrees with its Content-Range is refused", async () => {
    writeFileSync(join(dir, "task_1-0.part"), bytesOf(4));
    const error = await failure(downloadOutputs(task(), dir, { fetch: scripted([file(bytesOf(6), { "content-length": "5", "content-range": "bytes 4-9/10" }, 206)]).fetch }));
    expect(error!.message).toBe("Task task_1: Content-Length 5 does not match Content-Range bytes 4-9/10");
  });

  it("a resumed file over the cap (by its Content-Range total) is refused", async () => {
    writeFileSync(join(dir, "task_1-0.part"), bytesOf(4));
    const error = await failure(downloadOutputs(task(), dir, { fetch: scripted([file(bytesOf(6), { "content-range": "bytes 4-9/10" }, 206)]).fetch, maxBytes: 9 }));
    expect(error!.message).toBe("Task task_1: file is 10 bytes, over the 9-byte cap");
  });

  it("a resume with an unknown total (*) and no length reads to the end", async () => {
    const bytes = bytesOf(10);
    writeFileSync(join(dir, "task_1-0.part"), bytes.slice(0, 4));
    const progress: DownloadProgress[] = [];
    const [result] = await downloadOutputs(task(), dir, { fetch: scripted([file(bytes.slice(4), { "content-range": "bytes 4-9/*" }, 206, { noLength: true })]).fetch, onProgress: (p) => progress.push({ ...p }) });
    expect(result).toMatchObject({ bytes: 10, sha256: sha256(bytes) });
    expect(progress.map((p) => [p.received, p.total])).toEqual([
      [4, undefined],
      [10, undefined],
    ]);
  });
});

describe("downloadOutputs redirects", () => {
  const redirect = (code: number, location?: string) => new Response(null, { status: code, headers: location === undefined ? {} : { location } });

  it.each([301, 302, 303, 307, 308])("follows a %d to a public host, resolving a relative Location, with the same headers", async (code) => {
    const { fetch, calls } = scripted([redirect(code, "../b/c.mp4?x=1"), file(bytesOf(3))]);
    await downloadOutputs(task(), dir, { fetch });
    expect(calls.map((c) => [c.url, c.headers, c.redirect])).toEqual([
      [URL_A, { "accept-encoding": "identity" }, "manual"],
      ["https://cdn.example.com/b/c.mp4?x=1", { "accept-encoding": "identity" }, "manual"],
    ]);
  });

  it("a 304 is not a redirect", async () => {
    const error = await failure(downloadOutputs(task(), dir, { fetch: scripted([redirect(304)]).fetch }));
    expect(error!.message).toBe("Task task_1: output link answered 304");
  });

  it("a redirect without a Location is refused", async () => {
    const error = await failure(downloadOutputs(task(), dir, { fetch: scripted([redirect(302)]).fetch }));
    expect(error!.message).toBe("Task task_1: output link answered 302 without a Location");
  });

  it("five hops are followed, a sixth is refused", async () => {
    const hops = (n: number) => [...Array.from({ length: n }, (_, i) => redirect(302, `/hop${i + 1}`)), file(bytesOf(2))];
    const five = scripted(hops(5));
    await downloadOutputs(task(), dir, { fetch: five.fetch });
    expect(five.calls).toHaveLength(6);
    rmSync(join(dir, "task_1-0.mp4"));
    const six = scripted(hops(6));
    const error = await failure(downloadOutputs(task(), dir, { fetch: six.fetch, maxAttempts: 1 }));
    expect(error!.message).toBe("Task task_1: output link answered 302 after 5 redirects");
    expect(six.calls).toHaveLength(6);
  });

  it("a Location that is no URL is refused", async () => {
    const error = await failure(downloadOutputs(task(), dir, { fetch: scripted([redirect(302, "http://[bad")]).fetch }));
    expect(error!.message).toBe("Task task_1: output link redirected to an unusable Location");
  });

  it.each([
    ["a special address", "http://169.254.169.254/latest", /^Task task_1: refusing to download from 169\.254\.169\.254: /],
    ["another scheme", "file:///etc/passwd", /^Task task_1: refusing to download a file: URL \(only http and https\)$/],
  ])("a redirect to %s is refused before it is fetched", async (_name, location, message) => {
    const { fetch, calls } = scripted([redirect(302, location), file(bytesOf(2))]);
    const error = await failure(downloadOutputs(task(), dir, { fetch }));
    expect(error!.message).toMatch(message);
    expect(calls).toHaveLength(1);
  });

  it("a redirect to a special address is followed when allowed", async () => {
    const { fetch, calls } = scripted([redirect(302, "http://10.0.0.5/v.mp4"), file(bytesOf(2))]);
    await downloadOutputs(task(), dir, { fetch, allowSpecialAddresses: true });
    expect(calls[1]!.url).toBe("http://10.0.0.5/v.mp4");
  });
});

describe("downloadOutputs links", () => {
  it.each([
    ["a loopback link", "http://127.0.0.1:9/v.mp4", {}, /^Task task_1: refusing to download from 127\.0\.0\.1:9: .*; a server's links must not reach inside your network \(pass allowSpecialAddresses: true, or apiBaseUrl for the API's own origin, to allow it\)$/],
    ["a link on another port of the API's host", "http://127.0.0.1:9/v.mp4", { apiBaseUrl: "http://127.0.0.1:10" }, /refusing to download from 127\.0\.0\.1:9/],
    ["a link when the API base URL is no URL", "http://127.0.0.1:9/v.mp4", { apiBaseUrl: "not a url" }, /refusing to download from 127\.0\.0\.1:9/],
    ["a non-URL", "nope", {}, /^Task task_1: output URL "nope" is not a URL$/],
  ])("%s is refused before anything is fetched or created", async (_name, url, options, message) => {
    const { fetch, calls } = scripted([file(bytesOf(2))]);
    const target = join(dir, "new");
    const error = await failure(downloadOutputs(task([url]), target, { fetch, ...(options as DownloadOptions) }));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error!.message).toMatch(message);
    expect(error!.url).toBe(url);
    expect(calls).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });

  it("a long non-URL is quoted at most 200 characters", async () => {
    const url = `x${"y".repeat(300)}`;
    const error = await failure(downloadOutputs(task([url]), dir, { fetch: scripted([]).fetch }));
    expect(error!.message).toBe(`Task task_1: output URL ${JSON.stringify(url.slice(0, 200))} is not a URL`);
  });

  it("a link on the API's own origin is fetched though it is loopback", async () => {
    const { fetch, calls } = scripted([file(bytesOf(2))]);
    await downloadOutputs(task(["http://127.0.0.1:9/v.mp4"]), dir, { fetch, apiBaseUrl: "http://127.0.0.1:9/api/" });
    expect(calls).toHaveLength(1);
  });
});
