import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/openapi.js";

/** What the package root promises (issue: MindVideo client public API). */
const PUBLIC_API = [
  "MindVideo",
  "validateInput",
  "models",
  "MindVideoError",
  "APIError",
  "BadRequestError",
  "AuthenticationError",
  "InsufficientQuotaError",
  "PermissionDeniedError",
  "NotFoundError",
  "IdempotencyConflictError",
  "PayloadTooLargeError",
  "UnprocessableEntityError",
  "RateLimitError",
  "InternalServerError",
  "APIConnectionError",
  "APITimeoutError",
  "APIUserAbortError",
  "InputValidationError",
  "TaskFailedError",
  "WaitTimeoutError",
  "DEFAULT_RETRY_OPTIONS",
  "DEFAULT_CLIENT_OPTIONS",
  "DEFAULT_POLL_OPTIONS",
];

describe("npm run build", () => {
  beforeAll(() => {
    execFileSync("npm", ["run", "-s", "build"], { cwd: repoRoot, stdio: "pipe" });
  }, 120_000);

  it("the ESM root exports the public API", async () => {
    const esm = await import(pathToFileURL(join(repoRoot, "dist/esm/src/index.js")).href);
    for (const name of PUBLIC_API) expect(esm[name], name).toBeDefined();
    expect(esm.validateInput("doubao-seedance-2-0-fast", { prompt: "p" }).ok).toBe(true);
  });

  it("the CommonJS root exports the same", () => {
    const cjs = createRequire(import.meta.url)(join(repoRoot, "dist/cjs/src/index.js"));
    for (const name of PUBLIC_API) expect(cjs[name], name).toBeDefined();
    expect(new cjs.MindVideo({ apiKey: "k" }).baseUrl).toBe("https://api.mindvideo.ai");
  });
});
