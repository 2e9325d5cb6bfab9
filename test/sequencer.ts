/**
 * File order for vitest: the files that run longest start first, so the last minute of `npm test` is
 * not one long file on one core with the other idle. Vitest sorts by the durations it cached in an
 * earlier run, and by file size without them (a fresh clone, CI), where size says little about time:
 * these lead either way. A file missing here only starts later; a stale entry only starts early.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

export const LONGEST_FIRST = [
  "test/bench/bench-smoke.test.ts",
  "test/docs/playground.test.ts",
  "test/mock/mock-script.test.ts",
  "test/targets/smoke.test.ts",
  "test/cli/batch-cli.test.ts",
  "test/stateful/stateful-mock.test.ts",
  "test/docs/docs-browser.test.ts",
  "test/cli/cli.test.ts",
  "test/contract/differential.test.ts",
  "test/node/bullmq.test.ts",
  "test/node/batch.test.ts",
  "test/diff/spec-diff.test.ts",
  "test/contract/mock-fuzz.test.ts",
];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const at = LONGEST_FIRST.findIndex((path) => spec.moduleId.replaceAll("\\", "/").endsWith(path));
      return at === -1 ? LONGEST_FIRST.length : at;
    };
    // A stable sort: the rest keep vitest's own order.
    return sorted.map((spec, index) => ({ spec, index })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.index - b.index).map(({ spec }) => spec);
  }
}
