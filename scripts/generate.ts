/** `npm run generate [-- --check]`: spec/ → generated/ (scripts/lib/generate.ts). */
import { generateCommand, generateFailure } from "./lib/generate.js";

generateCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(generateFailure(error));
    process.exit(1);
  },
);
