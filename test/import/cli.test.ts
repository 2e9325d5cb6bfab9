import { describe, expect, it } from "vitest";
import { runImportCli } from "../../scripts/lib/import/cli.js";

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  // Usage errors stop before any file is touched; the roots point nowhere to make sure.
  const exit = runImportCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), modelsRoot: "/nonexistent/models", vendorRoot: "/nonexistent/vendor" });
  return { exit, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("import-model command line", () => {
  it.each([
    ["--help prints usage", { given: ["--help"], want: { exit: 0, stdout: /Usage: npm run import-model -- <page file>[\s\S]*--provider[\s\S]*--check[\s\S]*Exit codes/, stderr: /^$/ } }],
    ["no page file", { given: [], want: { exit: 2, stdout: /^$/, stderr: /give exactly one page file \(got 0\)/ } }],
    ["two page files", { given: ["a.txt", "b.txt"], want: { exit: 2, stdout: /^$/, stderr: /give exactly one page file \(got 2\)/ } }],
    ["an unknown provider", { given: ["a.txt", "--provider", "openai"], want: { exit: 2, stdout: /^$/, stderr: /--provider must be one of mindvideo, gateway \(got "openai"\)/ } }],
    ["an unknown option", { given: ["a.txt", "--force"], want: { exit: 2, stdout: /^$/, stderr: /Unknown option '--force'/ } }],
  ] as const)("%s", (_name, { given, want }) => {
    const result = run([...given]);
    expect(result.exit).toBe(want.exit);
    expect(result.stdout).toMatch(want.stdout);
    expect(result.stderr).toMatch(want.stderr);
  });
});
