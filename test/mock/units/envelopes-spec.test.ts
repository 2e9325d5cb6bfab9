/**
 * The simulator's error envelopes use the codes and types the spec documents for each status, so a
 * frontend that branches on `error.type` (or MindVideo's `error.code`) sees what the real API sends.
 * The expected values are read from the bundled documents, not from the simulator.
 */
import { describe, expect, it } from "vitest";
import { openapiDocuments } from "../../../generated/openapi/documents.js";
import { errorReply } from "../../../src/simulator/envelopes.js";

type Api = "mindvideo" | "gateway";

/** Every documented error example per status, from operations' answers and shared components. */
function documentedErrors(api: Api): Map<number, Array<{ code: unknown; type: unknown }>> {
  const found = new Map<number, Array<{ code: unknown; type: unknown }>>();
  const visit = (value: unknown, status: number | undefined): void => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item, status));
    if (!value || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    const error = record.error as Record<string, unknown> | undefined;
    if (status !== undefined && error && typeof error === "object" && "type" in error) found.set(status, [...(found.get(status) ?? []), { code: error.code, type: error.type }]);
    for (const [key, child] of Object.entries(record)) visit(child, /^[1-5]\d\d$/.test(key) ? Number(key) : status);
  };
  const document = openapiDocuments[api];
  visit(document.paths, undefined);
  // Shared answers (components.responses) are named, not numbered: their status is where they are used.
  const responses = (document.components?.responses ?? {}) as Record<string, unknown>;
  const uses = JSON.stringify(document.paths);
  for (const [name, response] of Object.entries(responses)) {
    for (const match of uses.matchAll(new RegExp(`"(\\d{3})":\\{"\\$ref":"#/components/responses/${name}"`, "g"))) visit(response, Number(match[1]));
  }
  return found;
}

const cases: Array<[string, { api: Api; status: number; checkCode: boolean }]> = [
  ...[400, 401, 404, 413, 429, 500, 502].map((status) => [`gateway ${status}`, { api: "gateway" as const, status, checkCode: true }] as [string, { api: Api; status: number; checkCode: boolean }]),
  // MindVideo's 400 and 404 carry a specific code where the simulator knows one (invalid_input, task_not_found); the generic envelope shares only the type.
  ...[400, 404].map((status) => [`MindVideo ${status}`, { api: "mindvideo" as const, status, checkCode: false }] as [string, { api: Api; status: number; checkCode: boolean }]),
  ...[401, 413, 429, 500, 502].map((status) => [`MindVideo ${status}`, { api: "mindvideo" as const, status, checkCode: true }] as [string, { api: Api; status: number; checkCode: boolean }]),
];

describe("error envelopes match the spec's examples", () => {
  it.each(cases)("%s", (_name, { api, status, checkCode }) => {
    const documented = documentedErrors(api).get(status) ?? [];
    expect(documented.length, `the spec documents a ${status} example for ${api}`).toBeGreaterThan(0);
    const { error } = errorReply(api, status, { message: "m" }).json as { error: { code: unknown; type: unknown } };
    expect(documented.map((d) => d.type)).toContain(error.type);
    if (checkCode) expect(documented.map((d) => d.code)).toContain(error.code);
  });
});
