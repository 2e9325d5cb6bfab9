/** `npm run diff -- [--base <git ref>] [--json] [--allow-breaking]` (scripts/lib/diff-command.ts). */
import { diffCommand } from "./lib/diff-command.js";

process.exit(diffCommand(process.argv.slice(2)));
