/** `npm test`'s first step: install the missing Debian packages as root, or stop with the exact command. */
import { describe, expect, it } from "vitest";
import { ensureSystemPackages, type SystemRequirement } from "../../scripts/lib/system-deps.js";

function fakeMachine(installed: string[]) {
  const present = new Set(installed);
  const requirements: SystemRequirement[] = ["chromium", "curl", "tmux"].map((debianPackage) => ({ debianPackage, present: () => present.has(debianPackage) }));
  const ran: string[] = [];
  const run = (file: string, args: string[]) => {
    ran.push([file, ...args].join(" "));
    if (file === "apt-get" && args[0] === "install") for (const pkg of args.filter((a) => !a.startsWith("-") && a !== "install")) present.add(pkg);
  };
  return { requirements, ran, run };
}

const withAptGet = { PATH: "/usr/bin:/bin" };

describe("ensureSystemPackages", () => {
  it("does nothing when everything is there", () => {
    const m = fakeMachine(["chromium", "curl", "tmux"]);
    expect(ensureSystemPackages({ env: withAptGet, isRoot: true, run: m.run, requirements: m.requirements })).toEqual({ kind: "present" });
    expect(m.ran).toEqual([]);
  });

  it("installs only the missing packages as root", () => {
    const m = fakeMachine(["curl"]);
    expect(ensureSystemPackages({ env: withAptGet, isRoot: true, run: m.run, requirements: m.requirements })).toEqual({ kind: "installed", packages: ["chromium", "tmux"] });
    expect(m.ran).toEqual(["apt-get update -qq", "apt-get install -y -qq chromium tmux"]);
  });

  it.each([
    ["not root", { isRoot: false, env: withAptGet, want: "sudo apt-get update && sudo apt-get install -y chromium tmux" }],
    ["root without apt-get", { isRoot: true, env: { PATH: "/nonexistent" }, want: "apt-get update && apt-get install -y chromium tmux" }],
  ] as const)("stops with the exact command when %s", (_name, { isRoot, env, want }) => {
    const m = fakeMachine(["curl"]);
    const outcome = ensureSystemPackages({ env, isRoot, run: m.run, requirements: m.requirements });
    expect(outcome.kind).toBe("stop");
    expect(outcome.kind === "stop" && outcome.message).toContain(`\n  ${want}`);
    expect(m.ran).toEqual([]);
  });

  it("stops when apt-get fails, still naming the command", () => {
    const m = fakeMachine([]);
    const outcome = ensureSystemPackages({ env: withAptGet, isRoot: true, requirements: m.requirements, run: () => { throw new Error("E: Unable to locate package"); } });
    expect(outcome).toEqual({ kind: "stop", message: expect.stringContaining("apt-get update && apt-get install -y chromium curl tmux") });
  });
});
