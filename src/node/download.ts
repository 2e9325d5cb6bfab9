/**
 * Saving a task's outputs to disk before their links expire. Each file streams to `<name>.part`
 * (never whole in memory), resumes from that partial file with `Range` when the server allows,
 * is checked against Content-Length, fsynced, and only then renamed to its final name, so a file
 * under its final name is always complete.
 */
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { MindVideoError } from "../errors.js";
import { guardedLookup, specialHostReason } from "./address-guard.js";
import { nodeHttpFetch } from "./http-fetch.js";
import type { GenerationTask } from "../generations.js";

export interface DownloadProgress {
  taskId: string;
  /** Which of the task's outputs (0-based). */
  index: number;
  url: string;
  /** Bytes on disk so far, a resumed part included. */
  received: number;
  /** The file's full size when the server said it. */
  total: number | undefined;
}

export interface DownloadOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  /** File names are `<prefix>-<n>.<ext>`. Default: the task id. */
  prefix?: string | undefined;
  /** Refuse files larger than this. Default 4 GiB. */
  maxBytes?: number | undefined;
  /** Attempts per file; a cut connection resumes with Range. Default 3. */
  maxAttempts?: number | undefined;
  /** Give up when no byte arrives for this long. Default 60 s. */
  idleTimeoutMs?: number | undefined;
  /**
   * Any web-standard fetch, called with `redirect: "manual"` (each hop is checked here). Default:
   * node:http, whose DNS lookup also refuses names that resolve to special addresses.
   */
  fetch?: ((input: string, init: RequestInit) => Promise<Response>) | undefined;
  /**
   * The base URL of the API that produced the task. Links on its origin (scheme, host, port) are
   * downloaded even from a special address: a client pointed at a local server (the mock on
   * 127.0.0.1) already trusts that server. runBatch and the CLI pass the client's.
   */
  apiBaseUrl?: string | undefined;
  /** Download from loopback, private, link-local and other special addresses too. Default false: refused (a hostile server's links could reach inside your network). */
  allowSpecialAddresses?: boolean | undefined;
}

export const DEFAULT_DOWNLOAD_OPTIONS = Object.freeze({ maxBytes: 4 * 1024 ** 3, maxAttempts: 3, idleTimeoutMs: 60_000, maxRedirects: 5 });

export interface DownloadedFile {
  url: string;
  path: string;
  bytes: number;
  sha256: string;
  /** Already complete on disk: nothing was fetched. */
  skipped: boolean;
}

/** A download failed; `taskId` and `url` say which. */
export class DownloadError extends MindVideoError {
  override name = "DownloadError";
  constructor(
    readonly taskId: string,
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Task ${taskId}: ${message}`, options);
  }
}

/** The output link no longer works (404/410, or 403 after the task's expiry time): the file is gone. */
export class LinkExpiredError extends DownloadError {
  override name = "LinkExpiredError";
  constructor(
    taskId: string,
    url: string,
    readonly status: number,
    readonly expiresAt: string | undefined,
  ) {
    super(taskId, url, `output link answered ${status}: it has expired${expiresAt ? ` (links expired at ${expiresAt})` : ""}; regenerate the task to get the file again`);
  }
}

const TYPE_EXTENSIONS: Record<string, string> = {
  "video/mp4": "mp4",
  "video/webm": "webm",
  "video/quicktime": "mov",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
};
const KNOWN_EXTENSIONS = new Set(Object.values(TYPE_EXTENSIONS));
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Downloads every output of a task into `dir`; files already complete there are skipped. */
export async function downloadOutputs(task: GenerationTask, dir: string, options: DownloadOptions = {}): Promise<DownloadedFile[]> {
  const prefix = options.prefix ?? task.id;
  if (!SAFE_NAME.test(prefix)) throw new DownloadError(task.id, "", `cannot use ${JSON.stringify(prefix)} in a file name (letters, digits, . _ - only)`);
  const trusted = trustedOrigin(options.apiBaseUrl);
  for (const output of task.outputs) assertAllowedUrl(task.id, output.url, options, trusted);
  await mkdir(dir, { recursive: true });
  const transport = options.fetch ? undefined : defaultTransport(options.allowSpecialAddresses === true);
  const context: Context = { ...options, trusted, send: options.fetch ?? transport!.send };
  try {
    const files: DownloadedFile[] = [];
    for (const [index, output] of task.outputs.entries()) {
      files.push(await downloadOne(task, index, output, join(dir, `${prefix}-${index}`), context));
    }
    return files;
  } finally {
    transport?.close();
  }
}

/** `trusted`: the URL is on the API's own origin (the resolved-address check is skipped). */
type Send = (input: string, init: RequestInit, trusted?: boolean) => Promise<Response>;
type Context = DownloadOptions & { trusted: string | undefined; send: Send };

function trustedOrigin(apiBaseUrl: string | undefined): string | undefined {
  if (apiBaseUrl === undefined) return undefined;
  try {
    return new URL(apiBaseUrl).origin;
  } catch {
    return undefined;
  }
}

/** node:http twice: links on the trusted origin skip the resolved-address check, every other link gets it. */
function defaultTransport(allowSpecial: boolean): { send: Send; close(): void } {
  const guarded = nodeHttpFetch({ maxSockets: 4, ...(allowSpecial ? {} : { lookup: guardedLookup }) });
  const plain = allowSpecial ? guarded : nodeHttpFetch({ maxSockets: 4 });
  return {
    send: (input, init, trusted) => (trusted ? plain : guarded)(new Request(input, init)),
    close: () => (guarded.close(), plain.close()),
  };
}

/** Refuses non-http(s) URLs and, unless allowed, special hosts off the trusted origin. */
function assertAllowedUrl(taskId: string, raw: string, options: DownloadOptions, trusted: string | undefined): URL {
  const url = assertHttpUrl(taskId, raw);
  if (options.allowSpecialAddresses || url.origin === trusted) return url;
  const reason = specialHostReason(url);
  if (reason) throw new DownloadError(taskId, raw, `refusing to download from ${url.host}: ${reason}; a server's links must not reach inside your network (pass allowSpecialAddresses: true, or apiBaseUrl for the API's own origin, to allow it)`);
  return url;
}

function assertHttpUrl(taskId: string, url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DownloadError(taskId, url, `output URL ${JSON.stringify(url.slice(0, 200))} is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new DownloadError(taskId, url, `refusing to download a ${parsed.protocol} URL (only http and https)`);
  return parsed;
}

async function downloadOne(task: GenerationTask, index: number, output: GenerationTask["outputs"][number], stem: string, options: Context): Promise<DownloadedFile> {
  const done = await completedFile(stem);
  if (done) return { url: output.url, path: done, bytes: (await stat(done)).size, sha256: await hashFile(done), skipped: true };
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_DOWNLOAD_OPTIONS.maxAttempts);
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptDownload(task, index, output, stem, options);
    } catch (error) {
      const retryable = error instanceof DownloadError && (error as DownloadError & { retryable?: boolean }).retryable === true;
      if (!retryable || attempt >= maxAttempts || options.signal?.aborted) throw error;
    }
  }
}

/** A file under the final name exists only once complete (written as .part, then renamed). */
async function completedFile(stem: string): Promise<string | undefined> {
  const slash = Math.max(stem.lastIndexOf("/"), stem.lastIndexOf("\\"));
  const [dir, base] = [stem.slice(0, slash), stem.slice(slash + 1)];
  const names = await readdir(dir);
  const name = names.find((n) => n.startsWith(`${base}.`) && KNOWN_EXTENSIONS.has(n.slice(base.length + 1)));
  return name === undefined ? undefined : join(dir, name);
}

function retryable(error: DownloadError): DownloadError {
  return Object.assign(error, { retryable: true });
}

async function attemptDownload(task: GenerationTask, index: number, output: GenerationTask["outputs"][number], stem: string, options: Context): Promise<DownloadedFile> {
  const part = `${stem}.part`;
  const maxBytes = options.maxBytes ?? DEFAULT_DOWNLOAD_OPTIONS.maxBytes;
  const idleMs = options.idleTimeoutMs ?? DEFAULT_DOWNLOAD_OPTIONS.idleTimeoutMs;
  const have = await stat(part).then((s) => s.size, () => 0);
  const idle = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(new Error(`no data for ${idleMs} ms`)), idleMs);
  };
  const fail = (message: string, cause?: unknown) => new DownloadError(task.id, output.url, message, { cause });
  touch();
  try {
    let response: Response;
    try {
      const headers: Record<string, string> = { "accept-encoding": "identity", ...(have > 0 ? { range: `bytes=${have}-` } : {}) };
      response = await follow(task.id, output.url, headers, signal, options);
    } catch (error) {
      if (options.signal?.aborted || (error instanceof DownloadError && !(error as { retryable?: boolean }).retryable)) throw error;
      const refused = (error as { cause?: { code?: string } }).cause?.code === "ESPECIALADDRESS";
      if (refused) throw fail(`refusing to download ${output.url}: ${(error as { cause: Error }).cause.message}; a server's links must not reach inside your network (pass allowSpecialAddresses: true to allow it)`, error);
      throw retryable(fail(`could not fetch ${output.url}: ${(error as Error).message}`, error));
    }
    if (response.status === 404 || response.status === 410 || (response.status === 403 && task.expiresAt !== undefined && Date.parse(task.expiresAt) <= Date.now())) {
      await response.body?.cancel();
      throw new LinkExpiredError(task.id, output.url, response.status, task.expiresAt);
    }
    if (response.status === 416 && have > 0) {
      // The part is not a prefix the server recognises (the file changed?): start over.
      await response.body?.cancel();
      await rm(part, { force: true });
      throw retryable(fail(`server refused to resume at byte ${have}; restarting`));
    }
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      throw (response.status === 429 || response.status >= 500 ? retryable : (e: DownloadError) => e)(fail(`output link answered ${response.status}`));
    }
    const resumed = response.status === 206;
    const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
    const length = encoded ? undefined : parseLength(response.headers.get("content-length"));
    let start = 0;
    let total = resumed ? undefined : length;
    if (resumed) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get("content-range") ?? "");
      if (!range || Number(range[1]) !== have) {
        await response.body?.cancel();
        await rm(part, { force: true });
        throw retryable(fail(`server answered a different range (${response.headers.get("content-range") ?? "none"}) than asked (bytes=${have}-); restarting`));
      }
      start = have;
      total = range[3] === "*" ? undefined : Number(range[3]);
      if (length !== undefined && total !== undefined && start + length !== total) throw fail(`Content-Length ${length} does not match Content-Range ${response.headers.get("content-range")}`);
    }
    if (total !== undefined && total > maxBytes) {
      await response.body?.cancel();
      throw fail(`file is ${total} bytes, over the ${maxBytes}-byte cap`);
    }
    const hash = createHash("sha256");
    if (start > 0) await hashInto(part, hash);
    const ext = extensionFor(response.headers.get("content-type"), output.url, output.kind);
    const handle = await open(part, start > 0 ? "a" : "w");
    let received = start;
    try {
      const progress = () => options.onProgress?.({ taskId: task.id, index, url: output.url, received, total });
      progress();
      if (response.body) {
        const reader = response.body.getReader();
        try {
          for (;;) {
            touch();
            let chunk: ReadableStreamReadResult<Uint8Array>;
            try {
              chunk = await reader.read();
            } catch (error) {
              if (options.signal?.aborted) throw error;
              throw retryable(fail(`connection lost after ${received} bytes; the part is kept and resumes with Range`, error));
            }
            if (chunk.done) break;
            received += chunk.value.byteLength;
            if (received > maxBytes) throw fail(`file passed the ${maxBytes}-byte cap`);
            if (total !== undefined && received > total) throw fail(`server sent more than the announced ${total} bytes`);
            hash.update(chunk.value);
            await handle.write(chunk.value);
            progress();
          }
        } finally {
          reader.releaseLock();
        }
      }
      if (total !== undefined && received < total) throw retryable(fail(`body ended after ${received} of ${total} bytes; the part is kept and resumes with Range`));
      await handle.sync();
    } finally {
      await handle.close();
    }
    const path = `${stem}.${ext}`;
    await rename(part, path);
    return { url: output.url, path, bytes: received, sha256: hash.digest("hex"), skipped: false };
  } catch (error) {
    // A part that cannot be trusted (over the cap, too long) is removed; a short one is kept to resume.
    if (error instanceof DownloadError && !(error as { retryable?: boolean }).retryable && !(error instanceof LinkExpiredError)) await rm(part, { force: true });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Fetches with redirects followed here, each hop's URL held to the same rules as the first. */
async function follow(taskId: string, first: string, headers: Record<string, string>, signal: AbortSignal, options: Context): Promise<Response> {
  let url = first;
  for (let hop = 0; ; hop++) {
    const response = await options.send(url, { headers, signal, redirect: "manual" }, new URL(url).origin === options.trusted);
    if (response.status < 300 || response.status > 399 || response.status === 304) return response;
    await response.body?.cancel().catch(() => {});
    const location = response.headers.get("location");
    if (location === null || hop >= DEFAULT_DOWNLOAD_OPTIONS.maxRedirects) throw new DownloadError(taskId, first, `output link answered ${response.status} ${location === null ? "without a Location" : `after ${hop} redirects`}`);
    let next: string;
    try {
      next = new URL(location, url).href;
    } catch {
      throw new DownloadError(taskId, first, `output link redirected to an unusable Location`);
    }
    assertAllowedUrl(taskId, next, options, options.trusted);
    url = next;
  }
}

function parseLength(value: string | null): number | undefined {
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

function extensionFor(contentType: string | null, url: string, kind: "video" | "image"): string {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const fromType = TYPE_EXTENSIONS[type];
  if (fromType) return fromType;
  const fromUrl = /\.([A-Za-z0-9]{2,5})$/.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  if (fromUrl && KNOWN_EXTENSIONS.has(fromUrl === "jpeg" ? "jpg" : fromUrl)) return fromUrl === "jpeg" ? "jpg" : fromUrl;
  return kind === "video" ? "mp4" : "png";
}

async function hashInto(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/** SHA-256 of a file, streamed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  await hashInto(path, hash);
  return hash.digest("hex");
}
