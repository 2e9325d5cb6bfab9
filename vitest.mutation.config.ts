import { defineConfig } from "vitest/config";

/**
 * The tests StrykerJS runs against each mutant of src/ (`npm run mutation`): the unit tests that
 * exercise the client, without servers, browsers or the generator's repo copies.
 */
export default defineConfig({
  test: {
    include: [
      "test/client/**/*.test.ts",
      "test/gateway/**/*.test.ts",
      "test/proxy/**/*.test.ts",
      "test/files/**/*.test.ts",
      "test/package/public-surface.test.ts",
      "test/cli/input-file.test.ts",
      "test/cli/input-file-edges.test.ts",
    ],
    exclude: ["test/client/faults.test.ts"],
    testTimeout: 60_000,
  },
});
