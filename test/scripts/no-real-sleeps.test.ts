/**
 * Tests wait for events or drive a virtual clock; none sleeps for a fixed time. This scans every test
 * file for the fixed-sleep idioms, so one cannot come back unnoticed. A bounded wait for a condition
 * another process makes true lives once, in test/helpers/wait-for.ts.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/openapi.js";

/** Lines of `source` that sleep on the host's clock: a promise resolved by a timer with a delay other than 0, Playwright's waitForTimeout, node:timers/promises. */
export function fixedSleeps(source: string): string[] {
  // Under vi.useFakeTimers a timer is virtual time.
  if (/vi\.useFakeTimers\(/.test(source)) return [];
  const sleep = /new Promise(?:<[^>]*>)?\(\s*\(?\s*(\w+)\s*\)?\s*=>\s*setTimeout\(\s*\1\s*,(?!\s*0\s*\))[^)]+\)\s*\)|\bwaitForTimeout\(|["']node:timers\/promises["']/;
  return source.split("\n").filter((line) => sleep.test(line)).map((line) => line.trim());
}

const CASES: [string, { given: string; want: number }][] = [
  ["a timer-resolved promise with a delay", { given: "await new Promise((resolve) => setTimeout(resolve, 50));", want: 1 }],
  ["the same with a short name and a typed promise", { given: "await new Promise<void>((r) => setTimeout(r, delayMs));", want: 1 }],
  ["a zero delay (one macrotask turn)", { given: "await new Promise((resolve) => setTimeout(resolve, 0));", want: 0 }],
  // Spelled in two parts so this fixture is not itself a match for a line-based scan of the tests.
  ["Playwright's fixed wait", { given: `await page.${"waitFor"}Timeout(100);`, want: 1 }],
  ["node:timers/promises", { given: 'import { setTimeout as sleep } from "node:timers/promises";', want: 1 }],
  ["a timeout that rejects a bounded wait", { given: "const bound = setTimeout(() => reject(new Error('late')), timeoutMs);", want: 0 }],
  ["a file on fake timers", { given: "vi.useFakeTimers();\nawait new Promise((resolve) => setTimeout(resolve, 50));", want: 0 }],
];

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "artifacts" ? [] : testFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

describe("no fixed sleeps in tests", () => {
  it.each(CASES)("the detector: %s", (_name, { given, want }) => {
    expect(fixedSleeps(given)).toHaveLength(want);
  });

  it("no test file sleeps for a fixed time (the bounded condition wait in test/helpers/wait-for.ts aside)", () => {
    const found = testFiles(join(repoRoot, "test"))
      .filter((file) => !file.endsWith(join("helpers", "wait-for.ts")) && !file.endsWith("no-real-sleeps.test.ts"))
      .flatMap((file) => fixedSleeps(readFileSync(file, "utf8")).map((line) => `${relative(repoRoot, file)}: ${line}`));
    expect(found).toEqual([]);
  });
});
