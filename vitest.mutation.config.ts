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
      // In-process units of the AI SDK providers, the mock and the simulator (manual clock), and src/node.
      "test/ai-sdk/create-mock.test.ts",
      "test/ai-sdk/inputs.test.ts",
      "test/ai-sdk/retries.test.ts",
      "test/ai-sdk/units/**/*.test.ts",
      "test/mock/create-mock.test.ts",
      "test/mock/front-answers.test.ts",
      "test/mock/simulator.test.ts",
      // mindvideo/mock/msw through msw/node's setupServer, in this process.
      "test/mock/msw-node.test.ts",
      "test/mock/units/**/*.test.ts",
      "test/node/rate-gate.test.ts",
      "test/node/units/**/*.test.ts",
      // In-process node:http servers and temp directories: downloads, the node:http fetch, the address guard.
      "test/node/download.test.ts",
      "test/node/download-addresses.test.ts",
      "test/node/http-fetch.test.ts",
      // The BullMQ worker in this process on a real redis-server (the only way to reach src/node/bullmq.ts in-process).
      "test/node/bullmq-inprocess.test.ts",
      "test/cli/input-file-edges.test.ts",
      // mindvideo batch in this process against the in-process stateful mock (src/cli/batch.ts).
      "test/cli/batch-command.test.ts",
      // The attack tables: real loopback servers; they reach most of the transport (bounds.test.ts, which
      // measures a child process's RSS, stays out).
      "test/security/**/*.test.ts",
    ],
    exclude: ["test/client/faults.test.ts", "test/security/bounds.test.ts"],
    testTimeout: 60_000,
  },
});
