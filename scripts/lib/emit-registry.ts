import type { ModelSpec } from "./load-models.js";

const json = (value: unknown) => JSON.stringify(value);

/** Literal union of strings, `never` when empty. */
const union = (values: readonly string[]) => (values.length > 0 ? [...new Set(values)].map(json).join(" | ") : "never");

export function emitRegistry(models: readonly ModelSpec[], providers: readonly string[], servers: Record<string, string>): string {
  const lines: string[] = [];
  if (models.length > 0) lines.push(`import type { ${models.map((m) => m.typeName).join(", ")} } from "./types.js";`, "");
  lines.push(
    `export type Provider = ${union(providers)};`,
    'export type OutputKind = "video" | "image";',
    "",
    "/** Model slug → input type, per provider: the client narrows `input` by `model` through these. */",
    "export interface ModelInputsByProvider {",
    ...providers.flatMap((provider) => [
      `  ${json(provider)}: {`,
      ...models.filter((m) => m.provider === provider).map((m) => `    ${json(m.slug)}: ${m.typeName};`),
      "  };",
    ]),
    "}",
    "",
    "export type ModelInputs = " + (providers.map((p) => `ModelInputsByProvider[${json(p)}]`).join(" & ") || "{}") + ";",
    "export type ModelSlug = keyof ModelInputs & string;",
    "export type ProviderModelSlug<P extends Provider> = keyof ModelInputsByProvider[P] & string;",
    "",
    "/** Model slug → what its tasks produce. */",
    "export interface ModelOutputKinds {",
    ...models.map((m) => `  ${json(m.slug)}: ${json(m.output)};`),
    "}",
    "",
    "/** Model slug → provider. */",
    "export interface ModelProviders {",
    ...models.map((m) => `  ${json(m.slug)}: ${json(m.provider)};`),
    "}",
    "",
    "/** A cross-field rule the vendor states in prose, encoded in the schema at `pointer`. */",
    "export interface ModelRule {",
    "  readonly pointer: string;",
    "  readonly message: string;",
    "}",
    "",
    "export interface ModelInfo<Slug extends ModelSlug = ModelSlug> {",
    "  readonly provider: ModelProviders[Slug];",
    "  readonly slug: Slug;",
    "  readonly output: ModelOutputKinds[Slug];",
    "  readonly title: string;",
    "  readonly description: string;",
    "  readonly tags: readonly string[];",
    "  /** Schema defaults the server applies to omitted fields. */",
    "  readonly defaults: Readonly<Partial<ModelInputs[Slug]>>;",
    "  readonly rules: readonly ModelRule[];",
    "  /** The model's JSON Schema (draft 2020-12), as in spec/models. */",
    "  readonly schema: { readonly [key: string]: unknown };",
    "}",
    "",
    "export const models: { readonly [Slug in ModelSlug]: ModelInfo<Slug> } = {",
  );
  for (const m of models) {
    lines.push(
      `  ${json(m.slug)}: {`,
      `    provider: ${json(m.provider)},`,
      `    slug: ${json(m.slug)},`,
      `    output: ${json(m.output)},`,
      `    title: ${json(m.title)},`,
      `    description: ${json(m.description)},`,
      `    tags: ${json(m.tags)},`,
      `    defaults: ${json(m.defaults)},`,
      `    rules: ${json(m.rules)},`,
      `    schema: ${json(m.schema)},`,
      "  },",
    );
  }
  lines.push(
    "};",
    "",
    "export const modelSlugs = /* @__PURE__ */ Object.keys(models) as ModelSlug[];",
    "",
    'export { apiServers } from "./servers.js";',
    "",
  );
  return lines.join("\n");
}

/** Kept apart from the registry so a client can know its default URL without bundling every schema. */
export function emitServers(servers: Record<string, string>): string {
  return ["/** Each API's first server URL in spec/: the clients' default base URLs. */", `export const apiServers = ${JSON.stringify(servers, null, 2)} as const;`, ""].join("\n");
}
