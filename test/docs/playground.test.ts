/**
 * The generated playground in headless Chromium against the stateful mock: every model's example
 * runs to a finished output, and a form breaking a cross-field rule shows the rule and sends nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { models, type ModelInfo } from "../../generated/models/registry.js";
import { buildDocs } from "../../scripts/lib/docs-build.js";
import { startMockStack, type MockStack } from "../../scripts/lib/mock-stack.js";
import { serveStatic } from "../../scripts/lib/static-server.js";
import { seriousViolations } from "../helpers/axe.js";
import { launchChromium } from "../helpers/browser.js";
import { repoRoot } from "../helpers/openapi.js";
import { createProxyHandler } from "../../src/proxy.js";
import { toNodeListener } from "../../src/node/index.js";

const artifacts = join(repoRoot, "test", "artifacts");
/** A 1×1 PNG to upload. */
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const all = Object.values(models) as ModelInfo[];
const example = (m: ModelInfo) => ((m.schema.examples as Record<string, unknown>[])[0] ?? {});

interface Watch {
  page: Page;
  context: BrowserContext;
  apiRequests: { url: string; method: string; body: string | null }[];
  outputs: string[];
  blocked: string[];
  failed: string[];
  consoleErrors: string[];
}

describe("playground in a real browser against the stateful mock", () => {
  let stack: MockStack;
  let docs: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mindvideo-docs-"));
    buildDocs(dir);
    mkdirSync(artifacts, { recursive: true });
    [stack, docs, browser] = await Promise.all([
      (async () => startMockStack({ stateful: true, mindvideoPort: 0, gatewayPort: 0, timing: { queuedMs: 200, processingMs: 800 } }))(),
      serveStatic(dir, 0),
      launchChromium(),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([stack?.stop(), docs?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(slug: string, pageUrl?: string): Promise<Watch> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const watch: Watch = { page: undefined as never, context, apiRequests: [], outputs: [], blocked: [], failed: [], consoleErrors: [] };
    const api = [stack.mindvideo.url, stack.gateway.url];
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      // The mock serves the output files itself (real PNG/MP4 bytes under /__mock/outputs/).
      if (url.hostname === "127.0.0.1" && url.pathname.startsWith("/__mock/outputs/")) watch.outputs.push(url.href);
      if (url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
      watch.blocked.push(url.href);
      return route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    watch.page = page;
    page.on("request", (request) => {
      if (api.some((base) => request.url().startsWith(base)) && request.method() !== "OPTIONS") watch.apiRequests.push({ url: request.url(), method: request.method(), body: request.postData() });
    });
    page.on("console", (message) => message.type() === "error" && watch.consoleErrors.push(message.text()));
    page.on("pageerror", (error) => watch.consoleErrors.push(error.message));
    page.on("requestfailed", (request) => watch.failed.push(`${request.url()} ${request.failure()?.errorText ?? ""}`));
    page.on("response", (response) => response.status() >= 400 && watch.failed.push(`${response.url()} ${response.status()}`));
    const query = new URLSearchParams({ mindvideo: stack.mindvideo.url, gateway: stack.gateway.url });
    await page.goto(pageUrl ?? `${docs.url}/playground.html?${query}`);
    await page.waitForSelector("body[data-ready=true]");
    await page.selectOption("select[data-model-picker]", slug);
    return watch;
  }

  // Each case has its own browser context and mostly waits on the mock's clock: the cases overlap.
  it.concurrent.for(all.map((m) => [m.slug, m] as const))("%s: fill the example, submit, see the finished output", { timeout: 60_000 }, async ([slug, model], { expect }) => {
    const watch = await open(slug);
    const { page } = watch;
    const form = page.locator(`form[data-model="${slug}"]`);
    await expect.poll(() => form.isVisible()).toBe(true);
    await form.locator("[data-action=fill-example]").click();
    await form.locator("button[type=submit]").click();
    const media = page.locator(`[data-output] ${model.output === "image" ? "img" : "video[controls]"}`);
    await media.first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(artifacts, `playground-run-${slug}.png`), fullPage: true });

    // The request carried the model's example (fields equal to a schema default may be left to the server).
    const create = watch.apiRequests.find((r) => r.method === "POST");
    const sent = JSON.parse(create!.body!) as Record<string, unknown>;
    const input = (model.provider === "gateway" ? (({ model: _m, ...rest }) => rest)(sent) : sent.input) as Record<string, unknown>;
    expect(sent.model).toBe(slug);
    expect({ ...model.defaults, ...input }).toEqual({ ...model.defaults, ...example(model) });

    const wanted = model.output === "image" ? ((example(model).n as number | undefined) ?? 1) : 1;
    expect(await media.count()).toBe(wanted);
    const sources = await media.evaluateAll((els) => els.map((el) => (el as HTMLImageElement | HTMLVideoElement).src));
    const downloads = await page.locator("[data-output] a[download]").evaluateAll((els) => els.map((el) => (el as HTMLAnchorElement).href));
    expect(downloads).toEqual(sources);
    const base = model.provider === "gateway" ? stack.gateway.url : stack.mindvideo.url;
    for (const src of sources) expect(src.startsWith(`${base}/__mock/outputs/`)).toBe(true);
    await expect.poll(() => page.locator("[data-status]").innerText()).toContain("succeeded");
    expect(await page.locator("progress[data-progress]").evaluate((el) => (el as HTMLProgressElement).value)).toBe(100);
    if (model.provider === "mindvideo") {
      await expect.poll(() => page.locator("[data-events]").innerText()).toContain("task.succeeded");
      expect(await page.locator("[data-cost]").innerText()).toMatch(/estimate: [\d.]+, actual: [\d.]+/);
    }
    // The finished page, output included, stays accessible.
    expect(await seriousViolations(page)).toEqual([]);
    // Image outputs were fetched from the mock, videos wait for a click (preload none).
    expect(watch.outputs.sort()).toEqual(model.output === "image" ? [...sources].sort() : []);
    expect(watch.blocked).toEqual([]);
    expect(watch.failed).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await watch.context.close();
  });

  /** Per model with a cross-field rule: field values (as typed) that break it, and the rule broken. */
  const VIOLATIONS: [string, { fields: Record<string, string>; rule: string }][] = [
    ["doubao-seedance-1.0-pro-fast", { fields: { prompt: "A cat", aspect_ratio: "adaptive" }, rule: "aspect_ratio keep_ratio and adaptive need an image" }],
    ["apimart-doubao-seedance-4-0", { fields: { prompt: "A panda", n: "2", image_urls: Array.from({ length: 14 }, (_, i) => `https://example.com/in/${i}.png`).join("\n") }, rule: "the number of image_urls plus n" }],
    ["doubao-seedance-2-0-fast", { fields: { prompt: "A street", audio_urls: "https://example.com/in/a.mp3" }, rule: "audio_urls must be used with reference images" }],
    ["doubao-seedance-1-0-pro-quality", { fields: { prompt: "A girl", image_with_roles: JSON.stringify([{ url: "https://example.com/a.png", role: "first_frame" }, { url: "https://example.com/b.png", role: "first_frame" }]) }, rule: "image_with_roles may hold at most one first_frame image" }],
  ];

  it("every model with a rule has a violation case here", () => {
    expect(VIOLATIONS.map(([slug]) => slug).sort()).toEqual(all.filter((m) => m.rules.length > 0).map((m) => m.slug).sort());
  });

  it.concurrent.for(VIOLATIONS)("%s: a rule-breaking form shows the rule next to its fields and sends nothing", { timeout: 60_000 }, async ([slug, { fields, rule }], { expect }) => {
    const model = models[slug as keyof typeof models] as ModelInfo;
    const message = model.rules.find((r) => r.message.startsWith(rule))!.message;
    const watch = await open(slug);
    const { page } = watch;
    const form = page.locator(`form[data-model="${slug}"]`);
    if (await form.locator("details.advanced").count()) await form.locator("details.advanced > summary").click();
    for (const [name, value] of Object.entries(fields)) {
      const control = form.locator(`[name="${name}"]`);
      if ((await control.evaluate((el) => el.tagName)) === "SELECT") await control.selectOption(JSON.stringify(value));
      else await control.fill(value);
    }
    await form.locator("button[type=submit]").click();
    await expect.poll(() => page.locator("[data-status]").innerText()).toContain("Not sent");
    const sentence = new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
    expect(await form.locator("[data-rule-errors]").innerText()).toMatch(sentence);
    // Next to a field the rule is about, marked invalid for assistive technology too.
    const errorSlots = await form.locator("[data-error-for]").allInnerTexts();
    expect(errorSlots.some((text) => sentence.test(text))).toBe(true);
    expect(await form.locator("[aria-invalid=true]").count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifacts, `playground-rule-${slug}.png`), fullPage: true });
    expect(watch.apiRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await watch.context.close();
  });

  it("an uploaded image is sent as a data URI made by the files helpers", async () => {
    const slug = "doubao-seedance-1.0-pro-fast";
    const watch = await open(slug);
    const form = watch.page.locator(`form[data-model="${slug}"]`);
    await form.locator("textarea[name=prompt], input[name=prompt]").fill("A cat playing piano");
    await form.locator("details.advanced > summary").click();
    await form.locator('input[type=file][data-upload-for="image_urls"]').setInputFiles({ name: "cat.png", mimeType: "image/png", buffer: PIXEL });
    await expect.poll(() => form.locator('output[data-uploads-for="image_urls"]').textContent()).toContain("cat.png");
    await form.locator("button[type=submit]").click();
    await watch.page.locator("[data-output] video[controls]").waitFor({ timeout: 30_000 });
    const sent = JSON.parse(watch.apiRequests.find((r) => r.method === "POST")!.body!) as { image_urls: string[] };
    expect(sent.image_urls).toEqual([`data:image/png;base64,${PIXEL.toString("base64")}`]);
    expect(watch.consoleErrors).toEqual([]);
    await watch.context.close();
  }, 60_000);

  it("runs through a backend proxy (createProxyHandler) on the docs' origin, with no key in the page", async () => {
    const secret = "sk-playground-proxy-secret-0123456789";
    const proxy = toNodeListener(createProxyHandler({ apiKey: secret, baseUrl: stack.mindvideo.url }));
    const server = createServer((req, res) => {
      if (req.url?.startsWith("/api/mindvideo/")) return void proxy(req, res);
      const file = join(dir, new URL(req.url ?? "/", "http://x").pathname.replace(/^\/+/, "").replace(/\.\./g, ""));
      if (!existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": file.endsWith(".html") ? "text/html; charset=utf-8" : file.endsWith(".js") ? "text/javascript" : "image/svg+xml" }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const slug = "doubao-seedance-2-0-fast";
      const watch = await open(slug, `${origin}/playground.html?target=proxy`);
      const sentHeaders: string[] = [];
      watch.page.on("request", (request) => request.url().startsWith(`${origin}/api/`) && sentHeaders.push(JSON.stringify(request.headers())));
      const form = watch.page.locator(`form[data-model="${slug}"]`);
      await form.locator("[data-action=fill-example]").click();
      await form.locator("button[type=submit]").click();
      await watch.page.locator("[data-output] video[controls]").waitFor({ timeout: 30_000 });
      await expect.poll(() => watch.page.locator("[data-events]").innerText()).toContain("task.succeeded");
      expect(sentHeaders.length).toBeGreaterThan(0);
      for (const headers of sentHeaders) expect(headers.toLowerCase()).not.toContain("authorization");
      expect(await watch.page.content()).not.toContain(secret);
      expect(watch.consoleErrors).toEqual([]);
      await watch.context.close();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});
