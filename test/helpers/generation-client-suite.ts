/**
 * One test function written against GenerationClient only: it runs unchanged against either
 * provider's mock and must pass on both.
 */
import { expect } from "vitest";
import { TaskFailedError, type GenerationClient, type GenerationRequest, type GenerationTask } from "../../src/index.js";

export async function exerciseGenerationClient(client: GenerationClient, request: GenerationRequest, failing: GenerationRequest): Promise<void> {
  const submitted = await client.submit(request);
  expect(submitted.provider).toBe(client.provider);
  expect(submitted.id).not.toBe("");
  expect(["queued", "processing"]).toContain(submitted.status);

  const seen: GenerationTask["status"][] = [];
  const done = await client.wait(submitted.id, { pollIntervalMs: 50, maxPollIntervalMs: 200, timeoutMs: 20_000, onUpdate: (t) => seen.push(t.status) });
  expect(done.status).toBe("succeeded");
  expect(seen.at(-1)).toBe("succeeded");
  expect(done.outputs.length).toBeGreaterThan(0);
  for (const output of done.outputs) {
    expect(output.kind).toBe("video");
    expect(() => new URL(output.url)).not.toThrow();
  }
  expect(done.cost?.estimate).toBeGreaterThan(0);
  expect((await client.get(submitted.id)).status).toBe("succeeded");

  const ran = await client.run(request, { pollIntervalMs: 50, maxPollIntervalMs: 200 });
  expect(ran.status).toBe("succeeded");
  expect(ran.id).not.toBe(submitted.id);

  const failure = await client.run(failing, { pollIntervalMs: 50, maxPollIntervalMs: 200 }).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(TaskFailedError);
  expect((failure as TaskFailedError<GenerationTask>).task.status).toBe("failed");
  expect((failure as TaskFailedError<GenerationTask>).task.error?.message).toMatch(/failed/);
}
