/**
 * `createMindVideo` and `createVideoGateway`: AI SDK providers (specification v4) over the two
 * clients, with the clients' options plus the AI SDK settings in backend.ts.
 */
import { NoSuchModelError, type Experimental_VideoModelV4, type ImageModelV4, type ProviderV4 } from "@ai-sdk/provider";
import { models, type ModelSlug, type Provider } from "../../generated/models/registry.js";
import { GATEWAY_DEFAULTS, VideoGateway } from "../gateway/client.js";
import { MINDVIDEO_DEFAULTS, MindVideo } from "../mindvideo/client.js";
import { lazy, type AISDKProviderSettings, type Backend } from "./backend.js";
import { MindVideoImageModel } from "./image-model.js";
import { MindVideoVideoModel } from "./video-model.js";
import type { MindVideoImageModelId, MindVideoVideoModelId, VideoGatewayVideoModelId } from "./types.js";

export interface MindVideoProvider extends ProviderV4 {
  /** An image model (ImageModelV4) for `generateImage`. */
  image(modelId: MindVideoImageModelId): ImageModelV4;
  imageModel(modelId: MindVideoImageModelId): ImageModelV4;
  /** A video model for `experimental_generateVideo`, `experimental_startVideo` and `experimental_getVideoStatus`. */
  video(modelId: MindVideoVideoModelId): Experimental_VideoModelV4;
  videoModel(modelId: MindVideoVideoModelId): Experimental_VideoModelV4;
}

export interface VideoGatewayProvider extends ProviderV4 {
  /** The gateway has no image model: always throws NoSuchModelError. */
  imageModel(modelId: never): never;
  video(modelId: VideoGatewayVideoModelId): Experimental_VideoModelV4;
  videoModel(modelId: VideoGatewayVideoModelId): Experimental_VideoModelV4;
}

export type MindVideoProviderSettings = AISDKProviderSettings;
export type VideoGatewayProviderSettings = AISDKProviderSettings;

function backendFor(provider: Provider, settings: AISDKProviderSettings): Backend {
  const { wait: _wait, maxImageBytes: _max, ...clientOptions } = settings;
  const baseUrl = (settings.baseUrl ?? (provider === "mindvideo" ? MINDVIDEO_DEFAULTS.baseUrl : GATEWAY_DEFAULTS.baseUrl)).replace(/\/+$/, "");
  const generations = lazy(() => (provider === "mindvideo" ? new MindVideo(clientOptions) : new VideoGateway(clientOptions)).generations);
  return {
    provider,
    name: provider === "mindvideo" ? "mindvideo" : "video-gateway",
    generations,
    idempotent: provider === "mindvideo",
    createUrl: provider === "mindvideo" ? `${baseUrl}/api/v1/tasks` : `${baseUrl}/v1/videos/generations`,
    taskUrl: (id) => `${baseUrl}${provider === "mindvideo" ? "/api/v1/tasks/" : "/v1/tasks/"}${encodeURIComponent(id)}`,
    settings,
    fetch: settings.fetch ?? ((request) => globalThis.fetch(request)),
  };
}

/** The slug if it is this provider's model of this kind; NoSuchModelError naming the allowed ones otherwise. */
function checkedSlug(provider: Provider, kind: "image" | "video", modelId: string): ModelSlug {
  const info = Object.hasOwn(models, modelId) ? models[modelId as ModelSlug] : undefined;
  if (info && info.provider === provider && info.output === kind) return modelId as ModelSlug;
  const allowed = Object.values(models).filter((m) => m.provider === provider && m.output === kind).map((m) => m.slug);
  throw new NoSuchModelError({
    modelId,
    modelType: kind === "image" ? "imageModel" : "videoModel",
    message: `${JSON.stringify(modelId)} is not a ${provider} ${kind} model; allowed: ${allowed.length > 0 ? allowed.join(", ") : "none"}`,
  });
}

function noModel(modelType: "languageModel" | "embeddingModel", name: string) {
  return (modelId: string): never => {
    throw new NoSuchModelError({ modelId, modelType, message: `${name} generates images and videos; it has no ${modelType}` });
  };
}

export function createMindVideo(settings: MindVideoProviderSettings = {}): MindVideoProvider {
  const backend = backendFor("mindvideo", settings);
  const image = (modelId: MindVideoImageModelId) => new MindVideoImageModel(checkedSlug("mindvideo", "image", modelId), backend);
  const video = (modelId: MindVideoVideoModelId) => new MindVideoVideoModel(checkedSlug("mindvideo", "video", modelId), backend);
  return Object.freeze({
    specificationVersion: "v4" as const,
    image,
    imageModel: image,
    video,
    videoModel: video,
    languageModel: noModel("languageModel", "MindVideo"),
    embeddingModel: noModel("embeddingModel", "MindVideo"),
  });
}

export function createVideoGateway(settings: VideoGatewayProviderSettings = {}): VideoGatewayProvider {
  const backend = backendFor("gateway", settings);
  const video = (modelId: VideoGatewayVideoModelId) => new MindVideoVideoModel(checkedSlug("gateway", "video", modelId), backend);
  return Object.freeze({
    specificationVersion: "v4" as const,
    imageModel: (modelId: string): never => {
      checkedSlug("gateway", "image", modelId);
      throw new Error("unreachable");
    },
    video,
    videoModel: video,
    languageModel: noModel("languageModel", "VideoGateway"),
    embeddingModel: noModel("embeddingModel", "VideoGateway"),
  });
}

/** Reads MINDVIDEO_API_KEY on first use. */
export const mindvideo: MindVideoProvider = /* @__PURE__ */ createMindVideo();
/** Reads VIDEO_GATEWAY_API_KEY on first use. */
export const videoGateway: VideoGatewayProvider = /* @__PURE__ */ createVideoGateway();
