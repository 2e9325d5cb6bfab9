/**
 * The published docs, opened offline in headless Chromium: every non-local request is blocked,
 * and each page must render its operations and models with nothing failing and no console error.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { models } from "../../generated/models/registry.js";
import { buildDocs } from "../../scripts/lib/docs-build.js";
import { serveStatic } from "../../scripts/lib/static-server.js";
import { seriousViolations } from "../helpers/axe.js";
import { launchChromium } from "../helpers/browser.js";
import { repoRoot } from "../helpers/openapi.js";

const artifacts = join(repoRoot, "test", "artifacts");
const slugs = (provider: string) => Object.values(models).filter((m) => m.provider === provider).map((m) => m.slug);

const PAGES: [string, { file: string; mustShow: string[] }][] = [
  ["index", { file: "index.html", mustShow: ["MindVideo task API", "Video generations gateway", "Model catalog", "Playground", "npm install && npm start", "npm install && npm test"] }],
  ["MindVideo API", { file: "mindvideo.html", mustShow: ["MindVideo task API (1.0.0)", "Keys stay server-side"] }],
  ["MindVideo: submit a task", { file: "mindvideo.html#/tasks/createtask", mustShow: ["Submit a generation task", "Idempotency-Key", "One of:"] }],
  ["MindVideo: fetch a task", { file: "mindvideo.html#/tasks/gettask", mustShow: ["Fetch a task's status and result", "Retry-After"] }],
  ["MindVideo: events", { file: "mindvideo.html#/tasks/listtaskevents", mustShow: ["List a task's events", "next_cursor"] }],
  ["gateway API", { file: "gateway.html", mustShow: ["Video generations gateway (1.0.0)", "valid for 24 hours"] }],
  ["gateway: create", { file: "gateway.html#/video-generation/createvideogeneration", mustShow: ["Create a video generation task", "callback_url", "Usually", "When aspect_ratio is keep_ratio or adaptive", ...slugs("gateway")] }],
  ["gateway: query", { file: "gateway.html#/task-management/gettaskdetail", mustShow: ["Query a task", "Why the task failed or was cancelled"] }],
  ["model catalog", { file: "models.html", mustShow: Object.values(models).flatMap((m) => [m.title, m.slug]) }],
  ["playground", { file: "playground.html", mustShow: ["Playground", ...Object.values(models).map((m) => m.title), "Fill the example", "Generate"] }],
];

/** One loaded document, shared by every test that reads it: Redoc parses a spec per load, most of this file's time. */
interface LoadedDocument {
  page: Page;
  blocked: string[];
  failed: string[];
  consoleErrors: string[];
  /** axe over the whole document, run once: every view of it is the same DOM. */
  violations?: Promise<string[]>;
}

describe("docs in a real browser, offline", () => {
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let context: BrowserContext;
  let dir: string;
  const documents = new Map<string, Promise<LoadedDocument>>();
  beforeAll(async () => {
    // Its own build directory: other tests build the docs in parallel.
    dir = mkdtempSync(join(tmpdir(), "mindvideo-docs-"));
    buildDocs(dir);
    mkdirSync(artifacts, { recursive: true });
    server = await serveStatic(dir, 0);
    browser = await launchChromium();
    context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The document `file` (no hash), loaded once with its failures and console errors recorded from the start. */
  function loaded(file: string): Promise<LoadedDocument> {
    let loading = documents.get(file);
    if (!loading) {
      loading = (async () => {
        const page = await context.newPage();
        const d: LoadedDocument = { page, blocked: [], failed: [], consoleErrors: [] };
        await page.route("**/*", (route) => {
          const url = new URL(route.request().url());
          if (url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
          d.blocked.push(url.href);
          return route.abort("blockedbyclient");
        });
        page.on("console", (message) => message.type() === "error" && d.consoleErrors.push(message.text()));
        page.on("pageerror", (error) => d.consoleErrors.push(error.message));
        page.on("requestfailed", (request) => d.failed.push(`${request.url()} ${request.failure()?.errorText ?? ""}`));
        page.on("response", (response) => response.status() >= 400 && d.failed.push(`${response.url()} ${response.status()}`));
        await page.goto(`${server.url}/${file}`, { waitUntil: "networkidle" });
        return d;
      })();
      documents.set(file, loading);
    }
    return loading;
  }

  /** The document of `file`, scrolled to its hash if it has one: Redoc follows it without reloading, as after a reader's click. */
  async function view(file: string): Promise<LoadedDocument> {
    const [path, hash] = file.split("#") as [string, string | undefined];
    const doc = await loaded(path);
    // Several documents share the context; the clipboard answers only the focused one.
    await doc.page.bringToFront();
    if (hash !== undefined) await doc.page.evaluate((h) => void (window.location.hash = h), hash);
    return doc;
  }

  it.each(PAGES)("%s renders with no external request, no failure, no console error and no serious accessibility violation", async (name, { file, mustShow }) => {
    const doc = await view(file);
    const { page } = doc;
    // Redoc hydrates after load: wait for the content, then assert on it (a timeout falls through to the assertion).
    await page.waitForFunction((wanted) => wanted.every((w) => document.body.innerText.includes(w)), mustShow, { timeout: 15_000 }).catch(() => undefined);
    const text = await page.evaluate(() => document.body.innerText);
    for (const expected of mustShow) expect(text, `${file} shows ${expected}`).toContain(expected);
    await page.screenshot({ path: join(artifacts, `docs-${file.replace(/\.html#?\/?/, "-").replace(/[^a-z0-9-]+/gi, "-").replace(/-$/, "")}.png`) });

    doc.violations ??= seriousViolations(page);
    expect(await doc.violations).toEqual([]);
    expect(doc.blocked).toEqual([]);
    expect(doc.failed).toEqual([]);
    expect(doc.consoleErrors).toEqual([]);
  }, 60_000);

  it.each([
    ["mindvideo.html", ["createtask", "gettask", "listtaskevents"]],
    ["gateway.html", ["createvideogeneration", "gettaskdetail"]],
  ])("%s links every operation from its navigation", async (file, operations) => {
    const { page } = await view(file);
    const linked = (ops: string[]) => ops.every((op) => [...document.querySelectorAll("a")].some((a) => (a.getAttribute("href") ?? "").endsWith(`/${op}`)));
    await page.waitForFunction(linked, operations, { timeout: 15_000 }).catch(() => undefined);
    const links = await page.evaluate(() => [...document.querySelectorAll("a")].map((a) => a.getAttribute("href") ?? ""));
    for (const operation of operations) expect(links.some((href) => href.endsWith(`/${operation}`))).toBe(true);
  });

  it("the MindVideo request body offers every MindVideo model", async () => {
    const { page } = await view("mindvideo.html#/tasks/createtask");
    const [first, ...others] = slugs("mindvideo");
    await page.getByRole("button", { name: first!, exact: true }).first().click();
    const text = await page.evaluate(() => document.body.innerText);
    for (const slug of others) expect(text).toContain(slug);
  });

  it("the catalog lists every parameter of every model with its rules", async () => {
    const { page } = await view("models.html");
    for (const model of Object.values(models)) {
      const section = page.locator(`section[data-model="${model.slug}"]`);
      const rows = await section.locator("tbody tr").allInnerTexts();
      for (const property of Object.keys(model.schema.properties as object)) expect(rows.some((r) => r.startsWith(property))).toBe(true);
      expect(await section.locator("ul.rules li").count()).toBe(model.rules.length);
      expect(await section.locator("code.language-sh").innerText()).toContain(model.slug);
    }
  });

  it("every catalog example has a copy button that copies it, and rules keep parameter names as code", async () => {
    const { page } = await view("models.html");
    const blocks = page.locator("section.model .copyable");
    expect(await blocks.count()).toBe(Object.keys(models).length * 2);
    for (const block of await blocks.all()) {
      await block.locator("button[data-copy]").click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await block.locator("code").innerText());
    }
    const rule = page.locator('section[data-model="doubao-seedance-1-0-pro-quality"] ul.rules li').first();
    expect(await rule.locator("code").first().innerText()).toBe("image_with_roles");
    expect(await rule.innerText()).toMatch(/^image_with_roles may hold at most one first_frame image\.$/);
  });
});
