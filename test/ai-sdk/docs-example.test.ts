/** docs/ai-sdk.md shows test/ai-sdk/docs-example.ts, which `npm test`'s type check compiles. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/openapi.js";

describe("docs/ai-sdk.md", () => {
  it("its example is the type-checked docs-example.ts, as an app would import it", () => {
    const doc = readFileSync(join(repoRoot, "docs", "ai-sdk.md"), "utf8");
    const block = /```ts\n([\s\S]*?)```/.exec(doc)?.[1];
    const source = readFileSync(join(repoRoot, "test", "ai-sdk", "docs-example.ts"), "utf8").replace(/from "\.\.\/\.\.\/src\/ai-sdk\/index\.js"; \/\/ in your app: "mindvideo\/ai-sdk"/, 'from "mindvideo/ai-sdk";');
    expect(block).toBe(source);
  });
});
