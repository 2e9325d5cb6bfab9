/** `mindvideo/webhooks`: receiving the gateway's callbacks. */
export { parseGatewayCallback, CallbackPayloadError, type ParsedGatewayCallback } from "./gateway/webhooks.js";
export { fromGatewayTask } from "./gateway/adapter.js";
export type { CostUnit, GenerationStatus, GenerationTask } from "./generations.js";
export type { GatewayStatus, KnownGatewayStatus, VideoTask, VideoGenerationResponse, GatewayComponents, GatewaySchemas } from "./gateway/types.js";
export type { Provider } from "../generated/models/registry.js";
export type { MindVideoError } from "./errors.js";
