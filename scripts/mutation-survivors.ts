/** `npm run mutation:survivors`: writes reports/mutation/survivors.md from reports/mutation/incremental.json and prints the score (scripts/lib/mutation-survivors.ts). */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scores, survivorsMarkdown } from "./lib/mutation-survivors.js";
import { repoRoot } from "./lib/paths.js";

const dir = join(repoRoot, "reports", "mutation");
const report = JSON.parse(readFileSync(join(dir, "incremental.json"), "utf8"));
writeFileSync(join(dir, "survivors.md"), survivorsMarkdown(report));
const files = scores(report);
const [detected, open] = files.reduce(([d, o], f) => [d + f.detected, o + f.open], [0, 0]);
console.log(`wrote reports/mutation/survivors.md: ${open} open mutants; ${((detected / (detected + open)) * 100).toFixed(1)} % detected over ${files.length} files`);
