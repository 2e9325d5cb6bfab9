import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Entry scripts stay thin: logic lives in scripts/lib/, so no entry is ever imported as a library. */
const scriptsDir = join(import.meta.dirname, "..", "..", "scripts");
const entries = readdirSync(scriptsDir).filter((name) => name.endsWith(".ts"));

describe("entry scripts", () => {
  it("are found", () => {
    expect(entries).toEqual(expect.arrayContaining(["docs.ts", "mock.ts", "start.ts", "generate.ts", "diff.ts"]));
  });

  it.each(entries)("%s imports no other entry script", (name) => {
    const source = readFileSync(join(scriptsDir, name), "utf8");
    const imported = [...source.matchAll(/from\s+"\.\/([^"/]+)\.js"/g)].map((m) => `${m[1]}.ts`);
    expect(imported.filter((file) => entries.includes(file))).toEqual([]);
  });

  it.each(entries)("%s needs no am-I-the-entry-point guard", (name) => {
    const source = readFileSync(join(scriptsDir, name), "utf8");
    expect(source).not.toMatch(/process\.argv\[1\]|import\.meta\.main|fileURLToPath\(import\.meta\.url\)\s*===/);
  });
});
