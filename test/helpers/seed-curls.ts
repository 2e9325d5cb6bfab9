/** Runs the seed pages' own curl examples with the host swapped for a mock's. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { requireSeedPages, type SeedPage } from "./seed-extract.js";

export const seedPages: SeedPage[] = requireSeedPages();

export interface CurlResult {
  status: number;
  body: any;
}

/**
 * Runs one seed command exactly as published (bash expands its `$(date +%s)`), against `baseUrl`.
 * Asynchronous on purpose: the simulator may live in this very process.
 */
export async function runSeedCurl(command: string, baseUrl: string, replace: Record<string, string> = {}): Promise<CurlResult> {
  let script = command.replaceAll("https://api.mindvideo.ai", baseUrl);
  for (const [from, to] of Object.entries(replace)) script = script.replaceAll(from, to);
  const { stdout: out } = await promisify(execFile)("bash", ["-c", `${script} --silent --show-error --write-out '\\n%{http_code}'`], { encoding: "utf8", timeout: 30_000 });
  const cut = out.lastIndexOf("\n");
  return { status: Number(out.slice(cut + 1)), body: JSON.parse(out.slice(0, cut)) };
}
