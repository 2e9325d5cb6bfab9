import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // The JSON report feeds the plain "N passed, N failed" line .ci/run prints (scripts/test-summary.ts).
    reporters: ["default", ["json", { outputFile: "test/artifacts/vitest-results.json" }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
