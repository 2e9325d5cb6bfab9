import { defineConfig } from "vitest/config";

/** Tests that start servers, processes or browsers: Prism (global setup), the mock stack, tmux, Chromium, packed tarballs. */
const integration = [
  "test/contract/**/*.test.ts",
  "test/stateful/**/*.test.ts",
  "test/mock/**/*.test.ts",
  "test/docs/**/*.test.ts",
  "test/targets/**/*.test.ts",
  "test/bench/**/*.test.ts",
  "test/cli/cli.test.ts",
  "test/client/faults.test.ts",
];

export default defineConfig({
  test: {
    // The JSON report feeds the plain "N passed, N failed" line `npm test` ends with (scripts/vitest.ts).
    reporters: ["default", ["json", { outputFile: "test/artifacts/vitest-results.json" }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          // No servers, no child processes beyond git and tsc: `npx vitest run --project unit`.
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: integration,
          typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
        },
      },
      {
        extends: true,
        test: { name: "integration", include: integration, globalSetup: ["test/global-setup.ts"] },
      },
    ],
  },
});
