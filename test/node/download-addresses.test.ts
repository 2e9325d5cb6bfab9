/**
 * Attack: a hostile or compromised server hands out output links (or redirects) that point inside
 * the caller's network. Downloads refuse them before any connection, and names are checked again on
 * the address they resolve to; only the API's own origin is trusted (the mock on 127.0.0.1).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerationTask } from "../../src/generations.js";
import { guardedLookup } from "../../src/node/address-guard.js";
import { DownloadError, downloadOutputs } from "../../src/node/download.js";
import { nodeHttpFetch } from "../../src/node/http-fetch.js";
import { patternBytes, startFileServer, type FileServer } from "../helpers/file-server.js";

let server: FileServer;
let dir: string;
const task = (url: string): GenerationTask => ({ provider: "gateway", id: "task_ssrf", model: "doubao-seedance-2-0-fast", status: "succeeded", outputs: [{ kind: "video", url }], raw: {} });

beforeAll(async () => {
  server = await startFileServer();
});
afterAll(() => server.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mindvideo-ssrf-"));
  server.files.clear();
  server.requests.length = 0;
  server.files.set("/o/v.mp4", { bytes: patternBytes(1_000, 1), type: "video/mp4" });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const port = () => new URL(server.url).port;

describe("downloads refuse links into the caller's network", () => {
  it.each([
    ["loopback IPv4", { given: () => `http://127.0.0.1:${port()}/o/v.mp4`, want: /127\.0\.0\.0\/8/ }],
    ["loopback by name", { given: () => `http://localhost:${port()}/o/v.mp4`, want: /loopback/ }],
    ["loopback IPv6", { given: () => `http://[::1]:${port()}/o/v.mp4`, want: /loopback/ }],
    ["IPv4-mapped loopback", { given: () => `http://[::ffff:127.0.0.1]:${port()}/o/v.mp4`, want: /IPv4-mapped/ }],
    ["this host (0.0.0.0)", { given: () => `http://0.0.0.0:${port()}/o/v.mp4`, want: /0\.0\.0\.0/ }],
    ["decimal-encoded loopback", { given: () => `http://2130706433:${port()}/o/v.mp4`, want: /127\.0\.0\.0\/8/ }],
    ["cloud metadata", { given: () => "http://169.254.169.254/latest/meta-data/", want: /link-local/ }],
    ["cloud metadata by name", { given: () => "http://metadata.google.internal/computeMetadata/v1/", want: /internal name/ }],
    ["private network (redis port)", { given: () => "http://10.0.0.5:6379/", want: /private-use/ }],
    ["carrier-grade NAT", { given: () => "https://100.64.1.1/x.mp4", want: /shared address space/ }],
    ["unique-local IPv6", { given: () => "http://[fd00::1]/x.mp4", want: /unique local/ }],
    ["mDNS name", { given: () => "http://printer.local/x.mp4", want: /internal name/ }],
    ["single-label name", { given: () => "http://fileserver/x.mp4", want: /single-label/ }],
  ])("%s is refused before any request", async (_name, { given, want }) => {
    const error = await downloadOutputs(task(given()), dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(/refusing to download/);
    expect((error as Error).message).toMatch(want);
    expect(server.requests).toHaveLength(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("the API's own origin is trusted; the same host on another port is not", async () => {
    const url = `${server.url}/o/v.mp4`;
    await expect(downloadOutputs(task(url), dir, { apiBaseUrl: `${server.url}/api/v1` })).resolves.toHaveLength(1);
    rmSync(join(dir, "task_ssrf-0.mp4"));
    const otherPort = `http://127.0.0.1:${Number(port()) === 65535 ? 1 : Number(port()) + 1}`;
    await expect(downloadOutputs(task(url), dir, { apiBaseUrl: otherPort })).rejects.toThrow(/refusing to download/);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ["another loopback address", { given: () => `http://127.0.0.2:${port()}/o/v.mp4` }],
    ["cloud metadata", { given: () => "http://169.254.169.254/latest/meta-data/iam/" }],
    ["a non-http URL", { given: () => "file:///etc/passwd" }],
  ])("a redirect from the trusted origin to %s is refused, not followed", async (_name, { given }) => {
    server.files.set("/o/r.mp4", { bytes: new Uint8Array(0), type: "video/mp4", redirectTo: given() });
    const error = await downloadOutputs(task(`${server.url}/o/r.mp4`), dir, { apiBaseUrl: server.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(/refusing to download/);
    expect(server.requests.map((r) => r.path)).toEqual(["/o/r.mp4"]);
  });

  it("a redirect within the trusted origin is followed", async () => {
    server.files.set("/o/r.mp4", { bytes: new Uint8Array(0), type: "video/mp4", redirectTo: "/o/v.mp4" });
    const [file] = await downloadOutputs(task(`${server.url}/o/r.mp4`), dir, { apiBaseUrl: server.url });
    expect(file!.bytes).toBe(1_000);
    expect(server.requests.map((r) => r.path)).toEqual(["/o/r.mp4", "/o/v.mp4"]);
  });

  it("allowSpecialAddresses: true opts out", async () => {
    const [file] = await downloadOutputs(task(`${server.url}/o/v.mp4`), dir, { allowSpecialAddresses: true });
    expect(file!.bytes).toBe(1_000);
  });

  it("a name is checked again on the address it resolves to (a public-looking name pointing inward)", async () => {
    const resolved = await new Promise<{ error: NodeJS.ErrnoException | null }>((resolve) => guardedLookup("localhost", {}, (error) => resolve({ error })));
    expect(resolved.error?.code).toBe("ESPECIALADDRESS");
    expect(resolved.error?.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
    const guarded = nodeHttpFetch({ lookup: guardedLookup });
    try {
      const error = await guarded(new Request(`http://localhost:${port()}/o/v.mp4`)).catch((e: unknown) => e);
      expect((error as { cause?: { code?: string } }).cause?.code).toBe("ESPECIALADDRESS");
      expect(server.requests).toHaveLength(0);
    } finally {
      guarded.close();
    }
  });
});
