/**
 * What the bundled documents give the reference docs: required parameters first, the local mock
 * as a server, every if/then rule named from its sentence (usual case first), and rule
 * constraints unchanged by the renaming (the prose-rule cases judged the same way).
 */
import { describe, expect, it } from "vitest";
import { models, type ModelInfo } from "../../generated/models/registry.js";
import gatewayDoc from "../../generated/openapi/gateway.json" with { type: "json" };
import mindvideoDoc from "../../generated/openapi/mindvideo.json" with { type: "json" };
import { createAjv, type JsonSchema } from "../../scripts/lib/json-schema.js";
import { proseRuleCases } from "../spec/prose-rule-cases.js";

type Doc = { servers: { url: string; description: string }[]; components: { schemas: Record<string, JsonSchema> } };
const docs = { mindvideo: mindvideoDoc as unknown as Doc, gateway: gatewayDoc as unknown as Doc };
const all = Object.values(models) as ModelInfo[];

/** The schema the reference shows for a model: its component (MindVideo) or its body branch (gateway). */
function documented(model: ModelInfo): JsonSchema {
  if (model.provider === "mindvideo") return docs.mindvideo.components.schemas[model.slug]!;
  const body = docs.gateway.components.schemas.VideoGenerationRequest as JsonSchema & { oneOf?: JsonSchema[] };
  return body.oneOf ? body.oneOf.find((b) => (b.properties as JsonSchema & { model: { const: string } }).model.const === model.slug)! : body;
}

function conditionals(node: unknown, found: JsonSchema[] = []): JsonSchema[] {
  if (Array.isArray(node)) node.forEach((n) => conditionals(n, found));
  else if (node && typeof node === "object") {
    if ("if" in node) found.push(node as JsonSchema);
    Object.values(node).forEach((n) => conditionals(n, found));
  }
  return found;
}

describe("bundled documents, as the reference docs read them", () => {
  it.each(all.map((m) => [m.slug, m] as const))("%s: required parameters first, then the schema's order", (_slug, model) => {
    const names = Object.keys(documented(model).properties as object).filter((n) => n !== "model");
    const own = Object.keys(model.schema.properties as object);
    const required = new Set(model.schema.required as string[]);
    expect(names).toEqual([...own.filter((n) => required.has(n)), ...own.filter((n) => !required.has(n))]);
  });

  it.each(Object.entries(docs))("%s lists its production server first and the local mock after it", (api, doc) => {
    expect(doc.servers.length).toBe(2);
    expect(doc.servers[0]!.url).toMatch(/^https:\/\//);
    expect(doc.servers[1]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(doc.servers[1]!.description).toMatch(/mock/i);
    // A contact link, if any, must not point at another API's host.
    const contact = (doc as unknown as { info: { contact?: { url?: string } } }).info.contact?.url;
    if (contact !== undefined) expect(new URL(contact).host, api).toBe(new URL(doc.servers[0]!.url).host);
  });

  it.each(all.map((m) => [m.slug, m] as const))("%s: no if/then is left for Redoc to call case 1 / case 2", (_slug, model) => {
    for (const rule of conditionals(documented(model))) {
      expect((rule.if as JsonSchema).title).toBeTypeOf("string");
      expect((rule.else as JsonSchema).title).toMatch(/^When /);
      expect((rule.else as JsonSchema).description).toMatch(/`/);
    }
  });

  it("rule sentences keep parameter names as code and their spelling", () => {
    const quality = documented(models["doubao-seedance-1-0-pro-quality"] as ModelInfo);
    const text = JSON.stringify(quality);
    expect(text).toContain("`image_with_roles` may hold at most one `first_frame` image.");
    expect(text).not.toContain("Image_with_roles");
  });

  it.each(proseRuleCases)("the documented schema judges %s as the model file does", (_name, { model, given, want }) => {
    const info = models[model] as ModelInfo;
    const schema = documented(info);
    const body = info.provider === "gateway" ? { model, ...given } : given;
    const { "x-model": _m, ...plain } = schema;
    const validate = createAjv({ openapi: true }).compile(plain);
    expect(validate(body) ? "accept" : "reject").toBe(want);
  });
});
