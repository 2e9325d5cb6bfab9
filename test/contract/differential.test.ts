/**
 * Differential validation: for every model, hundreds of generated inputs (valid ones and mutations
 * that break exactly one rule) must get the same accept/reject verdict from the client's
 * precompiled validator and from Prism's request validation of the bundled spec.
 */
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { models, type ModelSlug } from "../../generated/models/registry.js";
import { validateInput } from "../../src/index.js";
import { mutationArbitrary, objectArbitrary } from "../helpers/schema-arbitrary.js";
import { proseRuleCases } from "../spec/prose-rule-cases.js";

const VALID_SAMPLES = 150;
const MUTATIONS = 100;

async function prismVerdict(slug: ModelSlug, input: Record<string, unknown>): Promise<"accept" | "reject"> {
  const gateway = models[slug].provider === "gateway";
  const base = gateway ? inject("prismGatewayUrl") : inject("prismMindVideoUrl");
  const response = await fetch(`${base}${gateway ? "/v1/videos/generations" : "/api/v1/tasks"}`, {
    method: "POST",
    headers: { authorization: "Bearer differential", "content-type": "application/json" },
    body: JSON.stringify(gateway ? { model: slug, ...input } : { model: slug, input }),
  });
  await response.arrayBuffer();
  if (response.status === 200) return "accept";
  if (response.status === 422 || response.status === 400) return "reject";
  throw new Error(`Prism answered ${response.status}`);
}

describe.each(Object.keys(models) as ModelSlug[])("%s: client validator and Prism agree", (slug) => {
  it(`on ${VALID_SAMPLES} generated inputs and ${MUTATIONS} single-rule mutations`, async () => {
    const schema = models[slug].schema;
    const seed = [...slug].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);
    const inputs = [
      ...fc.sample(objectArbitrary(schema), { numRuns: VALID_SAMPLES, seed }).map((input) => ({ rule: "generated", input })),
      ...fc.sample(mutationArbitrary(schema), { numRuns: MUTATIONS, seed: seed + 1 }),
    ];
    const disagreements: string[] = [];
    const verdicts = { accept: 0, reject: 0 };
    for (let i = 0; i < inputs.length; i += 10) {
      await Promise.all(
        inputs.slice(i, i + 10).map(async ({ rule, input }) => {
          const client = validateInput(slug, input).ok ? "accept" : "reject";
          const prism = await prismVerdict(slug, input);
          verdicts[client]++;
          if (client !== prism) disagreements.push(`${rule}: client ${client}, Prism ${prism}: ${JSON.stringify(input)}`);
        }),
      );
    }
    expect(disagreements).toEqual([]);
    expect(inputs.length).toBeGreaterThanOrEqual(200);
    // Both verdicts must occur, or the comparison proves little.
    expect(verdicts.accept).toBeGreaterThan(20);
    expect(verdicts.reject).toBeGreaterThan(MUTATIONS * 0.9);
    console.log(`${slug}: ${inputs.length} inputs, ${verdicts.accept} accepted, ${verdicts.reject} rejected, 0 disagreements`);
  }, 120_000);
});

describe("Prism enforces every prose rule the same way", () => {
  it.each(proseRuleCases)("%s", async (_name, { model, given, want }) => {
    expect(await prismVerdict(model, given)).toBe(want);
  });
});
