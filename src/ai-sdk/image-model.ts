/** ImageModelV4 over one image model: create, wait on the client's schedule, download the outputs as bytes. */
import type { ImageModelV4, ImageModelV4CallOptions, ImageModelV4Result, JSONObject } from "@ai-sdk/provider";
import type { ModelSlug } from "../../generated/models/registry.js";
import { AI_SDK_DEFAULTS, type Backend } from "./backend.js";
import { downloadBytes } from "./download.js";
import { imageInput } from "./image-input.js";
import { modelFields } from "./model-fields.js";
import { submit, taskMetadata, waitFor } from "./task.js";
import { PROVIDER_KEY } from "./types.js";

export class MindVideoImageModel implements ImageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider: string;
  /** The model's `n` maximum from its schema; the AI SDK splits larger requests into several tasks. */
  readonly maxImagesPerCall: number;
  readonly supportsFileInputs: boolean;
  readonly supportsMaskInputs = false;
  readonly #backend: Backend;

  constructor(
    readonly modelId: ModelSlug,
    backend: Backend,
  ) {
    this.#backend = backend;
    this.provider = `${backend.name}.image`;
    const fields = modelFields(modelId);
    this.maxImagesPerCall = fields.count?.max ?? 1;
    this.supportsFileInputs = fields.referenceImages !== undefined;
  }

  async doGenerate(options: ImageModelV4CallOptions): Promise<ImageModelV4Result> {
    const timestamp = new Date();
    const backend = this.#backend;
    const { input, warnings } = await imageInput(modelFields(this.modelId), options);
    const context = { backend, slug: this.modelId, headers: options.headers, signal: options.abortSignal };
    const { task: created, idempotencyKey } = await submit(context, input, undefined);
    // A retry of this call would create a new task, so nothing after the create is retryable.
    const task = await waitFor(context, created, "after-create");
    const urls = task.outputs.filter((o) => o.kind === "image").map((o) => o.url);
    const maxBytes = backend.settings.maxImageBytes ?? AI_SDK_DEFAULTS.maxImageBytes;
    const images = await Promise.all(urls.map((url) => downloadBytes(url, { fetch: backend.fetch, maxBytes, signal: options.abortSignal, taskId: task.id })));
    const perTask = taskMetadata(task, idempotencyKey);
    // generateImage keeps only `images` of the merged metadata: each image carries its task's facts.
    const perImage: JSONObject[] = urls.map((url) => ({ ...perTask, url }));
    return {
      images,
      warnings,
      providerMetadata: { [PROVIDER_KEY]: { ...perTask, images: perImage } },
      response: { timestamp, modelId: this.modelId, headers: undefined },
    };
  }
}
