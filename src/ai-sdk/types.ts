/** Model ids and per-model provider options of the AI SDK provider, all derived from the generated registry. */
import type { ModelInputs, ModelInputsByProvider, ModelOutputKinds, ModelSlug, Provider } from "../../generated/models/registry.js";

/** The model slugs of one provider that make one kind of output. */
export type SlugsOf<P extends Provider, Kind extends "image" | "video"> = {
  [S in keyof ModelInputsByProvider[P] & string]: S extends keyof ModelOutputKinds ? (ModelOutputKinds[S] extends Kind ? S : never) : never;
}[keyof ModelInputsByProvider[P] & string];

export type MindVideoImageModelId = SlugsOf<"mindvideo", "image">;
export type MindVideoVideoModelId = SlugsOf<"mindvideo", "video">;
export type VideoGatewayVideoModelId = SlugsOf<"gateway", "video">;

/**
 * `providerOptions.mindvideo` for one model: any of its fields except `prompt` and `n`, which come
 * from the AI SDK call. The AI SDK types `providerOptions` as a plain JSON record, so narrow it with
 * `satisfies MindVideoProviderOptions<"slug">`.
 */
export type MindVideoProviderOptions<S extends ModelSlug> = Partial<Omit<ModelInputs[S], "prompt" | "n">>;

/** The key under `providerOptions` and `providerMetadata`, for both providers. */
export const PROVIDER_KEY = "mindvideo";

/** What `doStart` returns and `doStatus` takes: enough to find the task again from any process. */
export type MindVideoOperation = { provider: Provider; taskId: string };
