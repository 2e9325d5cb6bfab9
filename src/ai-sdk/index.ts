/**
 * `mindvideo/ai-sdk`: providers for the AI SDK (`ai` 7, provider specification v4). `ai` and
 * `@ai-sdk/provider` are optional peer dependencies; the package's main entry never imports this.
 */
export { createMindVideo, createVideoGateway, mindvideo, videoGateway } from "./provider.js";
export type { MindVideoProvider, VideoGatewayProvider, MindVideoProviderSettings, VideoGatewayProviderSettings } from "./provider.js";
export { AI_SDK_DEFAULTS, type AISDKProviderSettings } from "./backend.js";
export { MindVideoImageModel } from "./image-model.js";
export { MindVideoVideoModel } from "./video-model.js";
export { PROVIDER_KEY, type MindVideoImageModelId, type MindVideoVideoModelId, type VideoGatewayVideoModelId, type MindVideoProviderOptions, type MindVideoOperation } from "./types.js";
// Types the exported signatures above refer to.
export type { Backend } from "./backend.js";
export type { SlugsOf } from "./types.js";
export type * from "../option-types.js";
