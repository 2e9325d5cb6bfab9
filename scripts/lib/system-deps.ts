/**
 * The Debian packages the tests use beyond Node: chromium (docs and browser smoke tests), curl
 * (the seeds' curl examples), tmux (the CLI's pseudo-terminal test), redis-server (shared state
 * tests), fonts-noto-cjk (screenshots of CJK text in the browser). `npm test` installs the missing
 * ones when it runs as root with apt-get, and otherwise stops at once with the exact command.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export interface SystemRequirement {
  /** The Debian package that provides it. */
  debianPackage: string;
  /** True when it is usable here. */
  present(env: NodeJS.ProcessEnv): boolean;
}

export function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? "").split(delimiter).some((dir) => {
    if (dir === "") return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const command = (debianPackage: string, name = debianPackage): SystemRequirement => ({ debianPackage, present: (env) => onPath(name, env) });

const NOTO_CJK_FILES = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"];

export const SYSTEM_REQUIREMENTS: readonly SystemRequirement[] = Object.freeze([
  { debianPackage: "chromium", present: (env) => (env.CHROMIUM_PATH !== undefined && existsSync(env.CHROMIUM_PATH)) || onPath("chromium", env) },
  command("curl"),
  command("tmux"),
  command("redis-server"),
  { debianPackage: "fonts-noto-cjk", present: () => NOTO_CJK_FILES.some((file) => existsSync(file)) },
]);

export function missingPackages(env: NodeJS.ProcessEnv, requirements: readonly SystemRequirement[] = SYSTEM_REQUIREMENTS): string[] {
  return requirements.filter((r) => !r.present(env)).map((r) => r.debianPackage);
}

export function installCommand(packages: readonly string[], sudo = false): string {
  const prefix = sudo ? "sudo " : "";
  return `${prefix}apt-get update && ${prefix}apt-get install -y ${packages.join(" ")}`;
}

export type EnsureOutcome = { kind: "present" } | { kind: "installed"; packages: string[] } | { kind: "stop"; message: string };

export interface EnsureDeps {
  env: NodeJS.ProcessEnv;
  isRoot: boolean;
  /** Runs one command, throwing on a non-zero exit. */
  run(file: string, args: string[]): void;
  requirements?: readonly SystemRequirement[];
}

/** Installs what is missing when it can (root with apt-get), otherwise says exactly what to run. */
export function ensureSystemPackages({ env, isRoot, run, requirements = SYSTEM_REQUIREMENTS }: EnsureDeps): EnsureOutcome {
  const missing = missingPackages(env, requirements);
  if (missing.length === 0) return { kind: "present" };
  const howTo = installCommand(missing, !isRoot);
  if (!isRoot || !onPath("apt-get", env)) {
    return { kind: "stop", message: `the tests need these Debian packages, which are missing: ${missing.join(", ")}.\nInstall them with:\n  ${howTo}` };
  }
  try {
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", ...missing]);
  } catch (error) {
    return { kind: "stop", message: `installing ${missing.join(", ")} failed (${(error as Error).message}).\nInstall them with:\n  ${howTo}` };
  }
  const still = missingPackages(env, requirements);
  if (still.length > 0) return { kind: "stop", message: `still missing after apt-get install: ${still.join(", ")}.\nInstall them with:\n  ${installCommand(still, !isRoot)}` };
  return { kind: "installed", packages: missing };
}

export function runInherit(file: string, args: string[]): void {
  execFileSync(file, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}
