/**
 * The precompiled contract (generated/validators/operations.ts) against the bundled documents it
 * came from: the same operations and statuses, every named example of an answer accepted, and a
 * model-slot body that reuses the per-model validators refusing what the document's oneOf refuses.
 */
import { describe, expect, it } from "vitest";
import { precompiledContract } from "../../src/simulator/front.js";
import { bundledDocument, type ApiName } from "../helpers/openapi.js";

const APIS: ApiName[] = ["mindvideo", "gateway"];
type Json = Record<string, any>;
const deref = (document: Json, value: Json): Json => (typeof value?.$ref === "string" ? deref(document, value.$ref.slice(2).split("/").reduce((v: Json, k: string) => v[k.replaceAll("~1", "/")], document)) : value);

describe.each(APIS)("%s", (api) => {
  const document = bundledDocument(api) as Json;
  const contract = precompiledContract(api);
  const operations = Object.entries(document.paths as Json).flatMap(([template, item]) => Object.entries(item as Json).filter(([, op]) => (op as Json).responses).map(([method, op]) => ({ template, method: method.toUpperCase(), op: op as Json })));

  it("has the document's operations and each one's declared statuses", () => {
    expect(contract.operations.map((o) => `${o.method} ${o.template}`).sort()).toEqual(operations.map((o) => `${o.method} ${o.template}`).sort());
    for (const { template, method, op } of operations) expect(contract.operations.find((o) => o.template === template && o.method === method)!.statuses).toEqual(Object.keys(op.responses));
  });

  it("accepts every named example of every JSON answer, and refuses it with a required field removed", () => {
    let checked = 0;
    for (const { template, method, op } of operations) {
      const operation = contract.operations.find((o) => o.template === template && o.method === method)!;
      for (const [status, raw] of Object.entries(op.responses as Json)) {
        const media = deref(document, raw).content?.["application/json"];
        for (const example of Object.values((media?.examples ?? {}) as Json)) {
          const value = deref(document, example).value;
          expect(contract.checkResponse(operation, Number(status), () => null, value)).toEqual([]);
          const required = (deref(document, media.schema).required ?? []) as string[];
          if (required.length > 0 && value && typeof value === "object") {
            const { [required[0]!]: _dropped, ...rest } = value;
            expect(contract.checkResponse(operation, Number(status), () => null, rest).join()).toContain(required[0]);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it("a model body: each request example passes; an unknown model, an extra field and a bad input do not", () => {
    const create = contract.operations.find((o) => o.body)!;
    const op = operations.find((o) => o.template === create.template && o.method === create.method)!.op;
    const examples = Object.values(op.requestBody.content["application/json"].examples as Json).map((e) => deref(document, e).value as Json);
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(create.body!(example)).toBe(true);
      expect(create.body!({ ...example, model: "no-such-model" })).toBe(false);
      expect(create.body!({ ...example, surplus_field: 1 })).toBe(false);
      const input = api === "mindvideo" ? { ...example, input: { ...example.input, prompt: 42 } } : { ...example, prompt: 42 };
      expect(create.body!(input)).toBe(false);
      expect(create.body!.errors![0]!.instancePath).toBe(api === "mindvideo" ? "/input/prompt" : "/prompt");
    }
  });
});
