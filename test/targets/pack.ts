/** Builds and packs the package, then installs the tarball into a throwaway project, as a user would. */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../helpers/openapi.js";

export const exec = promisify(execFile);

export interface InstalledPackage {
  tarball: string;
  tarballBytes: number;
  project: string;
  remove(): void;
}

export async function packAndInstall(): Promise<InstalledPackage> {
  const root = mkdtempSync(join(tmpdir(), "mindvideo-pack-"));
  // No separate build: `npm pack` runs `prepack`, which builds, as it does after a fresh clone.
  await exec("npm", ["pack", "--silent", "--pack-destination", root], { cwd: repoRoot });
  const tarball = join(root, readdirSync(root).find((f) => f.endsWith(".tgz"))!);
  const project = join(root, "app");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "smoke-app", private: true, type: "module", dependencies: { mindvideo: `file:${tarball}` } }, null, 2));
  await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: project });
  return { tarball, tarballBytes: statSync(tarball).size, project, remove: () => rmSync(root, { recursive: true, force: true }) };
}
