/**
 * The model file a vendor page yields on its own, with the project's conventions: `$schema`,
 * `$id`, `title`, `x-output`, the published schema as is, and the page's request as `examples`.
 */
import type { JsonSchema } from "../json-schema.js";
import { DRAFT_2020_12 } from "../load-models.js";
import type { VendorPage } from "./vendor-page.js";

export const SCHEMA_ID_BASE = "https://schemas.mindvideo.ai/models";

export interface BuiltModel {
  schema: JsonSchema;
  /** Conventions the page did not follow and the importer enforced. */
  notes: string[];
}

export function buildModel(page: VendorPage): BuiltModel {
  const { $schema: _schema, $id: _id, title: publishedTitle, description: _description, examples: _examples, ...published } = page.inputSchema;
  const notes: string[] = [];
  if (published.additionalProperties !== false) {
    notes.push(
      page.provider === "gateway"
        ? 'additionalProperties: the gateway document leaves the request open; set to false (the project refuses unknown input fields; the gateway API adds "model")'
        : `additionalProperties: the page publishes ${JSON.stringify(published.additionalProperties) ?? "nothing"}; set to false (the project refuses unknown input fields)`,
    );
  }
  const title = page.title ?? (typeof publishedTitle === "string" ? publishedTitle : page.slug);
  return {
    schema: {
      $schema: DRAFT_2020_12,
      $id: `${SCHEMA_ID_BASE}/${page.provider}/${page.slug}.json`,
      title,
      ...(page.description !== undefined && { description: page.description }),
      "x-output": page.output,
      ...published,
      additionalProperties: false,
      ...(page.examples.length > 0 && { examples: page.examples }),
    },
    notes,
  };
}
