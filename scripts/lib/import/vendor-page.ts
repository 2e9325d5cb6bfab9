import type { JsonSchema } from "../json-schema.js";
import type { OutputKind } from "../load-models.js";

export const PROVIDERS = ["mindvideo", "gateway"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** What a vendor page publishes about one model, in the project's terms. */
export interface VendorPage {
  provider: Provider;
  slug: string;
  /** The model's display name when the page gives one. */
  title?: string;
  /** The page's own summary of the model. */
  description?: string;
  /** The input JSON Schema as published (OpenAPI-only keywords already translated). */
  inputSchema: JsonSchema;
  /** Input examples from the page's request examples (without the model selector). */
  examples: JsonSchema[];
  output: OutputKind;
}
