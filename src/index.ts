/**
 * The root entry: the two clients, the errors, the types and the documented helpers. The browser
 * proxy, file helpers, webhooks and the registry's extras have their own subpaths.
 */
export { MindVideo, type MindVideoOptions } from "./mindvideo/client.js";
export type { Tasks } from "./mindvideo/client.js";
export type * from "./mindvideo/types.js";
export { VideoGateway, type VideoGatewayOptions } from "./gateway/client.js";
export type { Videos, GatewayTasks } from "./gateway/client.js";
export type * from "./gateway/types.js";
export type { ClientOptions, RequestOptions, Fetch } from "./config.js";
export type { RetryOptions } from "./retry.js";
export type { Clock, PollScheduleOptions, TaskWaitOptions } from "./poll.js";
export type { DebugEvent, DebugLogger } from "./debug.js";
export * from "./public-errors.js";
export { CallbackPayloadError, parseGatewayCallback, type ParsedGatewayCallback } from "./gateway/webhooks.js";
export { FileInputError } from "./files.js";
export { validateInput, isModelSlug, type ValidationResult, type ValidateOptions } from "./validation.js";
export { models, modelSlugs } from "../generated/models/registry.js";
export type { ModelSlug, ModelInputs, ModelInfo, ModelInputsByProvider, ModelOutputKinds, ModelProviders, ModelRule, OutputKind, Provider } from "../generated/models/registry.js";
export type * from "../generated/models/types.js";
export type {
  CostUnit,
  GenerationClient,
  GenerationRequest,
  GenerationStatus,
  GenerationSubmitOptions,
  GenerationTask,
  GenerationWaitOptions,
} from "./generations.js";
