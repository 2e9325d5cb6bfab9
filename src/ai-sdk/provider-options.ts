/** `providerOptions.mindvideo`: the model's other fields, merged over the mapped ones and validated with them. */
import { InvalidArgumentError, type SharedV4ProviderOptions, type SharedV4Warning } from "@ai-sdk/provider";
import { PROVIDER_KEY } from "./types.js";

/** Fields the AI SDK call itself sets; the same key in providerOptions is ignored, with a warning. */
const FROM_CALL = ["prompt", "n"] as const;

export function readProviderOptions(providerOptions: SharedV4ProviderOptions | undefined, slug: string, warnings: SharedV4Warning[]): Record<string, unknown> {
  const raw: unknown = providerOptions?.[PROVIDER_KEY];
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new InvalidArgumentError({ argument: `providerOptions.${PROVIDER_KEY}`, message: `providerOptions.${PROVIDER_KEY} must be an object of ${slug}'s parameters` });
  }
  const options: Record<string, unknown> = { ...raw };
  for (const key of FROM_CALL) {
    if (!Object.hasOwn(options, key)) continue;
    delete options[key];
    warnings.push({ type: "unsupported", feature: `providerOptions.${PROVIDER_KEY}.${key}`, details: `set ${key} on the call itself; this value was not sent` });
  }
  return options;
}

export const unsupported = (feature: string, slug: string, details?: string): SharedV4Warning => ({
  type: "unsupported",
  feature,
  details: details ?? `${slug} has no parameter for ${feature}; it was not sent`,
});
