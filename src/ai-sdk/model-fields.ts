/**
 * Where each AI SDK option goes in one model's input, read from the model's JSON Schema: the
 * provider knows no model by name, so a model added to spec/models works without code here.
 */
import { models, type ModelSlug } from "../../generated/models/registry.js";

interface PropertySchema {
  enum?: unknown[];
  maxItems?: number;
  maximum?: number;
  items?: { properties?: { role?: { enum?: unknown[] } } };
}

export interface ModelFields {
  slug: ModelSlug;
  /** Aspect ratio field (`aspect_ratio`, or a `size` whose values are ratios) and its values. */
  ratio?: { name: string; values: readonly string[] } | undefined;
  /** Video resolution field (`resolution` or `quality`, values like `720p`). */
  resolution?: { name: string; values: readonly string[] } | undefined;
  duration?: string | undefined;
  seed?: string | undefined;
  generateAudio?: string | undefined;
  /** Images per task (`n`) and its maximum. */
  count?: { name: string; max: number } | undefined;
  /** `image_with_roles` and the roles it accepts. */
  roles?: { name: string; values: readonly string[] } | undefined;
  /** A one-image `image_urls` without roles is the start frame (image-to-video), not a reference. */
  startImage?: string | undefined;
  referenceImages?: string | undefined;
  referenceVideos?: string | undefined;
  referenceAudio?: string | undefined;
  callbackUrl?: string | undefined;
}

const RATIO = /^\d+:\d+$/;
const TIER = /^\d+p$/;
const cache = new Map<ModelSlug, ModelFields>();

export function modelFields(slug: ModelSlug): ModelFields {
  const known = cache.get(slug);
  if (known) return known;
  const properties = (models[slug].schema.properties ?? {}) as Record<string, PropertySchema>;
  const has = (name: string) => (Object.hasOwn(properties, name) ? name : undefined);
  const strings = (name: string | undefined) => (name ? (properties[name]?.enum ?? []).filter((v): v is string => typeof v === "string") : []);
  const withValues = (name: string | undefined, test: RegExp) => {
    const values = strings(name);
    return name && values.some((v) => test.test(v)) ? { name, values } : undefined;
  };
  const roleValues = (properties.image_with_roles?.items?.properties?.role?.enum ?? []).filter((v): v is string => typeof v === "string");
  const imageUrls = has("image_urls");
  const roles = has("image_with_roles") ? { name: "image_with_roles", values: roleValues } : undefined;
  const startImage = imageUrls && !roles && properties.image_urls?.maxItems === 1 && models[slug].output === "video" ? imageUrls : undefined;
  const fields: ModelFields = {
    slug,
    ratio: withValues(has("aspect_ratio"), RATIO) ?? withValues(has("size"), RATIO),
    resolution: withValues(has("resolution"), TIER) ?? withValues(has("quality"), TIER),
    duration: has("duration"),
    seed: has("seed"),
    generateAudio: has("generate_audio"),
    count: has("n") ? { name: "n", max: properties.n?.maximum ?? 1 } : undefined,
    roles,
    startImage,
    referenceImages: startImage ? undefined : imageUrls,
    referenceVideos: has("video_urls"),
    referenceAudio: has("audio_urls"),
    callbackUrl: has("callback_url"),
  };
  cache.set(slug, fields);
  return fields;
}
