export { MindVideo, Tasks, MINDVIDEO_DEFAULTS, type MindVideoOptions } from "./mindvideo/client.js";
export type * from "./mindvideo/types.js";
export { TERMINAL_STATUSES } from "./mindvideo/types.js";
export { DEFAULT_CLIENT_OPTIONS, type ClientOptions, type RequestOptions, type Fetch } from "./config.js";
export { DEFAULT_RETRY_OPTIONS, RETRYABLE_STATUSES, type RetryOptions } from "./retry.js";
export { DEFAULT_POLL_OPTIONS, poll, type PollOptions, type PollScheduleOptions } from "./poll.js";
export { ATTEMPT_HEADER, IDEMPOTENCY_HEADER } from "./transport.js";
export type { DebugEvent, DebugLogger } from "./debug.js";
export { validateInput, isModelSlug, type ValidationResult, type ValidateOptions } from "./validation.js";
export { models, modelSlugs } from "../generated/models/registry.js";
export type { ModelSlug, ModelInputs, ModelInfo, ModelInputsByProvider, ModelOutputKinds, OutputKind, Provider } from "../generated/models/registry.js";
export * from "./errors.js";
export { VideoGateway, Videos, GatewayTasks, GATEWAY_DEFAULTS, type VideoGatewayOptions } from "./gateway/client.js";
export type * from "./gateway/types.js";
export { GATEWAY_TERMINAL_STATUSES } from "./gateway/types.js";
export { callbackUrlProblems, internalHostReason, CALLBACK_URL_MAX_LENGTH } from "./gateway/callback-url.js";
export { parseGatewayCallback, CallbackPayloadError, type ParsedGatewayCallback } from "./gateway/webhooks.js";
export {
  fromGatewayTask,
  fromMindVideoTask,
  type CostUnit,
  type GenerationClient,
  type GenerationRequest,
  type GenerationStatus,
  type GenerationSubmitOptions,
  type GenerationTask,
  type GenerationWaitOptions,
} from "./generations.js";
export { createProxyHandler, DEFAULT_PROXY_OPTIONS, type ProxyOptions } from "./proxy.js";
export { toDataUri, fileLimits, sniffMediaType, FileInputError, type DataUriOptions, type FileInput } from "./files.js";
