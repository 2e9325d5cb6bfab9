import { defineConfig } from "vitest/config";
import { LongestFirstSequencer } from "./test/sequencer.js";

/** Tests that start servers, processes or browsers: Prism (global setup), the mock stack, tmux, Chromium, packed tarballs. */
const integration = [
  "test/contract/**/*.test.ts",
  "test/stateful/**/*.test.ts",
  // test/mock/units/ drives the simulator in-process on a manual clock: unit tests.
  "test/mock/*.test.ts",
  "test/docs/**/*.test.ts",
  "test/targets/**/*.test.ts",
  "test/bench/**/*.test.ts",
  "test/cli/cli.test.ts",
  "test/cli/batch-cli.test.ts",
  "test/node/bullmq.test.ts",
  "test/node/bullmq-inprocess.test.ts",
  "test/client/faults.test.ts",
];

export default defineConfig({
  test: {
    // The JSON report feeds the plain "N passed, N failed" line `npm test` ends with (scripts/vitest.ts).
    reporters: ["default", ["json", { outputFile: "test/artifacts/vitest-results.json" }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vitest's default on 2 cores is one worker (cores − 1), which leaves a core idle while a file
    // waits on Prism, a browser or a child process. Two keep both busy without oversubscribing.
    maxWorkers: 3,
    // The longest files first (test/sequencer.ts), also on a fresh clone where vitest has no timings.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          // No servers, no child processes beyond git and tsc: `npx vitest run --project unit`.
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: integration,
          // One module cache per worker instead of a fresh process per file: most of the project's CPU
          // was each file's process start and re-import of the same modules (60 small files: 25 → 7
          // core-s). Globals and env stubs are restored per file; a file that mocks a module resets
          // the module cache itself (test/client/validation-render.test.ts).
          isolate: false,
          // `npm test` compiles the type tests in its `npm run typecheck` check (tsconfig.json includes
          // test/), beside vitest; it sets this variable so they are not compiled a second time.
          typecheck: { enabled: process.env.MINDVIDEO_TYPE_TESTS_IN_TYPECHECK !== "1", include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
        },
      },
      {
        extends: true,
        // One module cache per worker here too: each file otherwise re-imports the same client, simulator and
        // Playwright modules in a fresh process. No file in this project mocks a module.
        test: { name: "integration", include: integration, globalSetup: ["test/global-setup.ts"], isolate: false },
      },
    ],
  },
});
