/**
 * Adding a model file is enough for the playground: in a repo copy, a throwaway model is added,
 * `generate` and `docs` run, and its form appears with the widgets its hints ask for and its rule
 * checked live by the regenerated validators.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../scripts/lib/static-server.js";
import { launchChromium } from "../helpers/browser.js";
import { copyRepo, type RepoCopy } from "../helpers/repo-copy.js";

const SLUG = "throwaway-playground-7-7";
const throwaway = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: `https://schemas.mindvideo.ai/models/mindvideo/${SLUG}.json`,
  title: "Throwaway Playground 7.7",
  description: "Exists only in this test.",
  "x-output": "video",
  type: "object",
  required: ["prompt"],
  properties: {
    steps: { type: "integer", title: "Steps", minimum: 2, maximum: 9 },
    loop: { type: "boolean", title: "Loop", default: false },
    prompt: { type: "string", title: "Prompt", minLength: 1, "x-playground": { widget: "textarea", rows: 3, placeholder: "Describe the clip" } },
    style: { type: "string", enum: ["flat", "glossy"], default: "flat" },
    clip_urls: { type: "array", items: { type: "string" }, maxItems: 2, "x-playground": { widget: "file-upload", accept: "video/mp4", multiple: true, advanced: true, maxBytes: 1048576 } },
  },
  additionalProperties: false,
  allOf: [{ "x-rule": "loop needs steps", if: { required: ["loop"], properties: { loop: { const: true } } }, then: { required: ["steps"] } }],
  examples: [{ prompt: "a red cube", style: "glossy", steps: 4 }],
};

describe("a new model file gets its playground form with no other edit", () => {
  let repo: RepoCopy;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let results: ReturnType<RepoCopy["run"]>[];
  beforeAll(async () => {
    repo = copyRepo();
    writeFileSync(join(repo.dir, `spec/models/mindvideo/${SLUG}.json`), JSON.stringify(throwaway, null, 2));
    results = [repo.run("generate"), repo.run("docs")];
    [server, browser] = await Promise.all([serveStatic(join(repo.dir, "dist", "docs"), 0), launchChromium()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    repo?.remove();
  });

  it("generate and docs succeed in the copy", () => {
    for (const result of results) expect(result.status, result.stderr).toBe(0);
  });

  it("shows the form with the widgets the schema asks for, and checks its rule", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await page.goto(`${server.url}/playground.html`);
    await page.waitForSelector("body[data-ready=true]");
    expect(await page.locator(`select[data-model-picker] option[value="${SLUG}"]`).count()).toBe(1);
    await page.selectOption("select[data-model-picker]", SLUG);
    const form = page.locator(`form[data-model="${SLUG}"]`);
    await expect.poll(() => form.isVisible()).toBe(true);

    // Required first, then the schema's own order.
    expect(await form.locator("[data-field]").evaluateAll((els) => els.map((el) => el.getAttribute("data-field")))).toEqual(["prompt", "steps", "loop", "style", "clip_urls"]);
    expect(await form.locator("textarea[name=prompt]").evaluate((el) => [el.getAttribute("rows"), el.getAttribute("placeholder")])).toEqual(["3", "Describe the clip"]);
    expect(await form.locator("input[name=steps]").evaluate((el) => [el.getAttribute("type"), el.getAttribute("min"), el.getAttribute("max")])).toEqual(["number", "2", "9"]);
    expect(await form.locator("input[name=loop]").getAttribute("type")).toBe("checkbox");
    expect(await form.locator("select[name=style] option").allInnerTexts()).toEqual(["(default: flat)", "flat", "glossy"]);
    const upload = form.locator("details.advanced input[type=file]");
    expect(await upload.evaluate((el) => [el.getAttribute("accept"), (el as HTMLInputElement).multiple])).toEqual(["video/mp4", true]);

    await form.locator("[data-action=fill-example]").click();
    expect(await form.locator("textarea[name=prompt]").inputValue()).toBe("a red cube");
    expect(await form.locator("select[name=style]").inputValue()).toBe('"glossy"');

    await form.locator("input[name=steps]").fill("");
    await form.locator("input[name=loop]").check();
    await expect.poll(() => form.locator("[data-error-for=steps]").innerText()).toContain("Loop needs steps");
    // An upload over the model's size limit is refused by the files helper, by name.
    await upload.setInputFiles({ name: "big.mp4", mimeType: "video/mp4", buffer: Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypmp42"), Buffer.alloc(1048576)]) });
    await form.locator("details.advanced > summary").click();
    await expect.poll(() => form.locator("output[data-uploads-for=clip_urls]").textContent()).toContain("at most 1048576");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
