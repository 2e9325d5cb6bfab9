import { describe, expect, it } from "vitest";
import { seedPageFiles } from "../helpers/seed-page-files.js";
import { committedFiles, copiesIn, prosePieces, proseRuns, RUN_WORDS, words } from "../helpers/seed-prose.js";

/**
 * The seeds' facts are ground truth, their wording is not the project's. No committed file the
 * importer owns (its script, its library, the records in spec/vendor/), no test and not the README
 * holds a run of RUN_WORDS words of the seed pages' prose. (spec/models, the API specs and
 * generated/ are outside this scope: their descriptions predate this rule and are reviewed apart.)
 */
const IN_SCOPE = (file: string) => file === "README.md" || file === "scripts/import-model.ts" || /^(scripts\/lib\/import|spec\/vendor|test)\//.test(file);

const pages = seedPageFiles();
const runs = proseRuns(pages);
/** A sentence of each page, found at test time (never written here: that would be a copy). */
const longPiece = (file: string) => prosePieces(pages.find((p) => p.file === file)!).find((piece) => words(piece).length >= RUN_WORDS + 2)!;

describe("no committed file of the importer, the tests or the README copies the seeds' prose", () => {
  it("every seed page contributes prose runs", () => {
    const from = new Set(runs.values());
    expect([...from].sort()).toEqual(pages.map((p) => p.file));
  });

  it("the scan covers the importer, the vendor records, the tests and the README", () => {
    const files = committedFiles(IN_SCOPE).map((f) => f.file);
    expect(files).toEqual(expect.arrayContaining(["README.md", "scripts/import-model.ts", "scripts/lib/import/merge-model.ts", "spec/vendor/gateway/doubao-seedance-1.0-pro-fast.json", "test/import/seed-wording.test.ts"]));
    expect(files.filter((f) => f.startsWith("spec/models/") || f.startsWith("generated/"))).toEqual([]);
  });

  it("finds none", () => {
    const copies = copiesIn(committedFiles(IN_SCOPE), runs);
    expect(copies.map((c) => `${c.file}: "${c.run}" (from ${c.seed})`)).toEqual([]);
  });

  it.each(pages.map((p) => [p.file] as const))("%s: a sentence of the page is found however it is wrapped", (file) => {
    const piece = longPiece(file);
    const forms = {
      reflowed: piece.split(" ").join("\n   "),
      "in JSON": JSON.stringify({ description: piece.replace(/ /g, "\n") }),
      "in Markdown": `> **${piece.toUpperCase()}**`,
    };
    for (const [form, text] of Object.entries(forms)) expect(copiesIn([{ file: form, text }], runs).map((c) => c.file), form).toEqual([form]);
    const short = words(piece).slice(0, RUN_WORDS - 1).join(" ");
    expect(copiesIn([{ file: "short", text: short }], runs), "a quote shorter than a run is allowed").toEqual([]);
  });

  it("a list of values the page publishes (ratios) is a fact, not prose", () => {
    const ratios = "1:1, 4:3, 3:4, 16:9, 9:16, 3:2, 2:3, 21:9, 9:21, auto";
    expect(copiesIn([{ file: "ratios", text: `Supported ratios: ${ratios}.` }], runs)).toEqual([]);
  });
});
