import { defineConfig } from "vitest/config";
/** Iteration set for the core files' mutation runs (transport, config, sleep, debug, call, checks, errors, retry). */
export default defineConfig({
  test: {
    include: ["test/client/**/*.test.ts", "test/gateway/create-retries.test.ts", "test/security/**/*.test.ts", "test/ai-sdk/retries.test.ts", "test/proxy/proxy.test.ts"],
    exclude: ["test/client/faults.test.ts", "test/security/bounds.test.ts"],
    testTimeout: 60_000,
  },
});
