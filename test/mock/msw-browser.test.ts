/**
 * The frontend developer's mock in a real browser: headless Chromium opens a page bundled with
 * esbuild that registers MSW's service worker with createHandlers(), then runs the SDK against it.
 * Every request that is not for the test's own page server is recorded and aborted, so "zero
 * requests leave the page" is checked, not assumed.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../scripts/lib/static-server.js";
import { launchChromium } from "../helpers/browser.js";
import { repoRoot } from "../helpers/openapi.js";

let dir: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mindvideo-msw-page-"));
  await build({ entryPoints: [join(repoRoot, "test/mock/fixtures/msw-page.ts")], bundle: true, format: "esm", platform: "browser", outfile: join(dir, "page.js"), logLevel: "silent" });
  copyFileSync(join(repoRoot, "node_modules/msw/lib/mockServiceWorker.js"), join(dir, "mockServiceWorker.js"));
  writeFileSync(join(dir, "index.html"), '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><script type="module" src="/page.js"></script></body></html>');
  server = await serveStatic(dir, 0);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("MSW service worker with createHandlers(), in Chromium", () => {
  it("runs both APIs' tasks to success, shows a failure scenario as TaskFailedError, and no request leaves the page", async () => {
    const context = await browser.newContext();
    const left: string[] = [];
    const served: string[] = [];
    // Context-level routes also see what the service worker itself fetches (its passthroughs).
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(`${server.url}/`)) {
        served.push(new URL(url).pathname);
        return route.continue();
      }
      left.push(url);
      return route.abort("blockedbyclient");
    });
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    const warnings: string[] = [];
    tab.on("console", (message) => message.type() === "warning" && warnings.push(message.text()));
    await tab.goto(`${server.url}/`);
    await tab.waitForFunction(() => document.body.dataset.result ?? document.body.dataset.error, undefined, { timeout: 30_000 });
    const error = await tab.evaluate(() => document.body.dataset.error);
    expect(error).toBeUndefined();
    const result = JSON.parse((await tab.evaluate(() => document.body.dataset.result))!);
    expect(result).toMatchObject({
      video: { status: "succeeded", url: expect.stringMatching(new RegExp(`^${server.url}/__mock/outputs/.+\\.mp4$`)), origin: server.url },
      videoFile: { status: 200, type: "video/mp4", box: "ftyp" },
      image: { status: "succeeded", images: 2 },
      failure: "TaskFailedError:failed",
      gateway: { status: "completed", model: "doubao-seedance-1.0-pro-fast" },
      unknownTask: 404,
      rejected: { status: 400, body: { error: { code: "invalid_input", param: "input.duration" } } },
      tasks: [
        "mindvideo:doubao-seedance-2-0-fast:succeeded",
        "mindvideo:apimart-doubao-seedance-4-0:succeeded",
        "mindvideo:doubao-seedance-2-0-fast:failed",
        "gateway:doubao-seedance-1.0-pro-fast:succeeded",
      ],
    });
    expect(left).toEqual([]);
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.includes("contract violation"))).toEqual([
      "mindvideo/mock: contract violation: POST /api/v1/tasks request: 400 input.duration must be at most 15 for doubao-seedance-2-0-fast",
    ]);
    expect(served).toContain("/mockServiceWorker.js");
    // The proxy route is the page's own origin: the mock, not the page server, answered it.
    expect(served.filter((path) => path.startsWith("/api/") || path.startsWith("/__mock/"))).toEqual([]);
    await context.close();
  }, 60_000);
});
