import { defineConfig } from "vitest/config";
/**
 * A fast first pass for the core files' mutation runs (transport, config, sleep, debug, call,
 * checks, errors, retry): the in-process client tables only. Mutants it leaves alive are then run
 * against vitest.mutation.config.ts (the incremental report keeps the kills of this pass).
 */
export default defineConfig({
  test: {
    include: [
      "test/client/transport-behaviour.test.ts",
      "test/client/client-options.test.ts",
      "test/client/timing-edges.test.ts",
      "test/client/errors.test.ts",
      "test/client/errors-secrets.test.ts",
      "test/client/retry-idempotency.test.ts",
      "test/client/retry-edges.test.ts",
      "test/client/retry-delay.test.ts",
      "test/client/sleep.test.ts",
      "test/client/checks.test.ts",
      "test/client/redaction.test.ts",
      "test/client/task-resource.test.ts",
      "test/client/missing-key.test.ts",
      "test/gateway/create-retries.test.ts",
    ],
    testTimeout: 60_000,
  },
});
