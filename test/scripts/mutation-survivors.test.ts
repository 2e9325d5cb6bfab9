/** scripts/lib/mutation-survivors.ts: the open mutants of a Stryker report, listed, and the scores. */
import { describe, expect, it } from "vitest";
import { scores, survivorsMarkdown } from "../../scripts/lib/mutation-survivors.js";

const at = (line: number, column = 1) => ({ start: { line, column } });
const REPORT = {
  files: {
    "src/b.ts": { mutants: [{ mutatorName: "BooleanLiteral", replacement: "false", status: "Killed", location: at(3) }] },
    "src/a.ts": {
      mutants: [
        { mutatorName: "ConditionalExpression", replacement: "true", status: "Survived", location: at(9, 5) },
        { mutatorName: "StringLiteral", replacement: '"`x`"', status: "NoCoverage", location: at(2) },
        { mutatorName: "EqualityOperator", replacement: "a <= b", status: "Timeout", location: at(4) },
        { mutatorName: "BlockStatement", replacement: "{}", status: "Ignored", location: at(5) },
        { mutatorName: "ArithmeticOperator", replacement: "a - b", status: "Killed", location: at(6) },
      ],
    },
  },
};

describe("mutation survivors", () => {
  it("lists every survived or uncovered mutant by file and line, in source order; killed, timed-out and ignored ones are not listed", () => {
    const text = survivorsMarkdown(REPORT);
    expect(text).toContain("2 open mutants.");
    expect(text).toContain("## src/a.ts (2)");
    expect(text).not.toContain("src/b.ts");
    const items = text.split("\n").filter((l) => l.startsWith("- "));
    expect(items).toEqual(["- 2:1 StringLiteral (no test covers it): `\"'x'\"`", "- 9:5 ConditionalExpression: `true`"]);
  });

  it("scores count killed and timed-out mutants as detected, over valid ones (ignored left out)", () => {
    expect(scores(REPORT)).toEqual([
      { file: "src/a.ts", detected: 2, open: 2, score: 50 },
      { file: "src/b.ts", detected: 1, open: 0, score: 100 },
    ]);
  });
});
