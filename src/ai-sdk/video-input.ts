/** An Experimental_VideoModelV4 call as one model's input, with a warning for every option the model lacks. */
import { InvalidArgumentError, type Experimental_VideoModelV4CallOptions, type Experimental_VideoModelV4File, type SharedV4Warning } from "@ai-sdk/provider";
import { resolutionToTier } from "./dimensions.js";
import { fileKind, fileToInput } from "./files.js";
import type { ModelFields } from "./model-fields.js";
import { readProviderOptions, unsupported } from "./provider-options.js";

type CallOptions = Experimental_VideoModelV4CallOptions & { webhookUrl?: string | undefined };

export async function videoInput(fields: ModelFields, options: CallOptions): Promise<{ input: Record<string, unknown>; warnings: SharedV4Warning[] }> {
  const { slug } = fields;
  const warnings: SharedV4Warning[] = [];
  const extra = readProviderOptions(options.providerOptions, slug, warnings);
  const input: Record<string, unknown> = {};
  const put = (field: string | undefined, feature: string, value: unknown) => {
    if (value === undefined) return;
    if (field) input[field] = value;
    else warnings.push(unsupported(feature, slug));
  };
  if (options.prompt !== undefined) input.prompt = options.prompt;
  if (options.n > 1) warnings.push(unsupported("n", slug, `${slug} makes one video per task`));
  put(fields.ratio?.name, "aspectRatio", options.aspectRatio);
  if (options.resolution !== undefined) {
    if (!fields.resolution) warnings.push(unsupported("resolution", slug));
    else {
      const mapped = resolutionToTier(options.resolution, fields.resolution.values);
      if (!mapped) {
        throw new InvalidArgumentError({
          argument: "resolution",
          message: `resolution ${options.resolution} matches none of the tiers ${slug} offers (${fields.resolution.values.join(", ")}, e.g. 1280x720 for 720p)`,
        });
      }
      input[fields.resolution.name] = mapped.value;
    }
  }
  put(fields.duration, "duration", options.duration);
  put(fields.seed, "seed", options.seed);
  put(fields.generateAudio, "generateAudio", options.generateAudio);
  if (options.fps !== undefined) warnings.push(unsupported("fps", slug, `${slug} has a fixed frame rate; fps was not sent`));
  put(fields.callbackUrl, "webhookUrl", options.webhookUrl);

  const withRoles: { url: string; role: string }[] = [];
  await mapFrames(fields, options, withRoles, input, warnings);
  await mapReferences(fields, options.inputReferences ?? [], withRoles, input, warnings);
  if (withRoles.length > 0 && fields.roles) input[fields.roles.name] = withRoles;
  return { input: { ...input, ...extra }, warnings };
}

/** First and last frames: roles where the model has them, else a one-image start frame, else a warning. */
async function mapFrames(fields: ModelFields, options: CallOptions, withRoles: { url: string; role: string }[], input: Record<string, unknown>, warnings: SharedV4Warning[]) {
  const { slug } = fields;
  // The AI SDK copies the first frame into `image`; `image` alone is the prompt's start image.
  const frames = options.frameImages && options.frameImages.length > 0 ? options.frameImages.map((f, i) => ({ ...f, argument: `frameImages[${i}]` })) : options.image ? [{ image: options.image, frameType: "first_frame" as const, argument: "prompt.image" }] : [];
  for (const frame of frames) {
    if (fields.roles?.values.includes(frame.frameType)) {
      withRoles.push({ url: await fileToInput(frame.image, { slug, field: fields.roles.name, kind: "image", argument: frame.argument }), role: frame.frameType });
    } else if (fields.startImage && frame.frameType === "first_frame") {
      input[fields.startImage] = [await fileToInput(frame.image, { slug, field: fields.startImage, kind: "image", argument: frame.argument })];
    } else {
      warnings.push(unsupported(frame.argument === "prompt.image" ? "image" : `frameImages.${frame.frameType}`, slug, `${slug} takes no ${frame.frameType.replace("_", " ")} image; it was not sent`));
    }
  }
}

/** Reference images, videos and audio, each where the model has a field for its kind. */
async function mapReferences(fields: ModelFields, references: Experimental_VideoModelV4File[], withRoles: { url: string; role: string }[], input: Record<string, unknown>, warnings: SharedV4Warning[]) {
  const { slug } = fields;
  const byField = new Map<string, string[]>();
  for (const [i, reference] of references.entries()) {
    const kind = fileKind(reference);
    const argument = `inputReferences[${i}]`;
    // image_urls cannot be combined with image_with_roles, so once frames use roles, references do too.
    const rolesForImages = fields.roles?.values.includes("reference_image") && (withRoles.length > 0 || !fields.referenceImages);
    if (kind === "image" && rolesForImages && fields.roles) {
      withRoles.push({ url: await fileToInput(reference, { slug, field: fields.roles.name, kind, argument }), role: "reference_image" });
      continue;
    }
    const field = kind === "image" ? fields.referenceImages : kind === "video" ? fields.referenceVideos : fields.referenceAudio;
    if (!field) {
      warnings.push(unsupported(`inputReferences.${kind}`, slug, `${slug} takes no reference ${kind}; ${argument} was not sent`));
      continue;
    }
    byField.set(field, [...(byField.get(field) ?? []), await fileToInput(reference, { slug, field, kind, argument })]);
  }
  for (const [field, values] of byField) input[field] = values;
}
