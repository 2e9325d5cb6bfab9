/** The docs index documents the mock's control API as the front serves it: no route or scenario left out. */
import { describe, expect, it } from "vitest";
import { indexHtml } from "../../scripts/lib/docs-index.js";
import { SCENARIOS } from "../../src/simulator/facts.js";
import { SCENARIO_HEADER } from "../../src/simulator/index.js";

describe("docs index: the mock's control API", () => {
  const html = indexHtml();
  it.each([["GET /__mock/tasks"], ["POST /__mock/reset"], ["GET /__mock/violations"], ["/__mock/scenario"], ["GET /__mock/outputs/"]])("names %s", (route) => {
    expect(html).toContain(route);
  });
  it("lists every scenario the simulator knows, and the per-request header", () => {
    for (const scenario of SCENARIOS) expect(html).toContain(`<code>${scenario}</code>`);
    expect(html).toContain(`<code>${SCENARIO_HEADER}</code>`);
  });
});
