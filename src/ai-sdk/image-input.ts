/** An ImageModelV4 call as one model's input, with a warning for every option the model lacks. */
import { InvalidArgumentError, type ImageModelV4CallOptions, type SharedV4Warning } from "@ai-sdk/provider";
import { sizeToRatio } from "./dimensions.js";
import { fileToInput } from "./files.js";
import type { ModelFields } from "./model-fields.js";
import { readProviderOptions, unsupported } from "./provider-options.js";

export async function imageInput(fields: ModelFields, options: ImageModelV4CallOptions): Promise<{ input: Record<string, unknown>; warnings: SharedV4Warning[] }> {
  const { slug } = fields;
  const warnings: SharedV4Warning[] = [];
  const extra = readProviderOptions(options.providerOptions, slug, warnings);
  const input: Record<string, unknown> = {};
  if (options.prompt !== undefined) input.prompt = options.prompt;
  if (fields.count) input[fields.count.name] = options.n;
  else if (options.n > 1) warnings.push(unsupported("n", slug, `${slug} makes one image per task`));

  if (options.aspectRatio !== undefined) {
    if (fields.ratio) input[fields.ratio.name] = options.aspectRatio;
    else warnings.push(unsupported("aspectRatio", slug));
  }
  if (options.size !== undefined) {
    if (!fields.ratio || options.aspectRatio !== undefined) {
      warnings.push(unsupported("size", slug, options.aspectRatio !== undefined ? "aspectRatio was given and wins: the model takes one aspect ratio, no pixel size" : undefined));
    } else {
      const mapped = sizeToRatio(options.size, fields.ratio.values);
      if (!mapped) {
        const ratios = fields.ratio.values.filter((v) => /^\d+:\d+$/.test(v));
        throw new InvalidArgumentError({ argument: "size", message: `size ${options.size} matches none of the aspect ratios ${slug} offers (${ratios.join(", ")}); pass aspectRatio or a size of one of them` });
      }
      input[fields.ratio.name] = mapped.value;
      if (mapped.approximate) warnings.push({ type: "compatibility", feature: "size", details: mapped.approximate });
    }
  }
  if (options.seed !== undefined) {
    if (fields.seed) input[fields.seed] = options.seed;
    else warnings.push(unsupported("seed", slug));
  }
  if (options.files && options.files.length > 0) {
    const field = fields.referenceImages;
    if (field) input[field] = await Promise.all(options.files.map((file, i) => fileToInput(file, { slug, field, kind: "image", argument: `files[${i}]` })));
    else warnings.push(unsupported("files", slug));
  }
  if (options.mask !== undefined) warnings.push(unsupported("mask", slug, `${slug} does no inpainting; the mask was not sent`));
  return { input: { ...input, ...extra }, warnings };
}
