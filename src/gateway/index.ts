/** `mindvideo/gateway`: the gateway client on its own, with its callback parser and the errors. */
export { VideoGateway, type VideoGatewayOptions } from "./client.js";
export type { Videos, GatewayTasks } from "./client.js";
export type * from "./types.js";
export type { ClientOptions, RequestOptions, Fetch } from "../config.js";
export type { GenerationClient, GenerationTask, CostUnit, GenerationStatus, GenerationRequest, GenerationSubmitOptions, GenerationWaitOptions } from "../generations.js";
export type { ModelInputsByProvider, ModelInputs, ModelSlug, Provider } from "../../generated/models/registry.js";
export type { WaitOptions, CreateOptions, Task, TaskStatus, KnownTaskStatus, MindVideoSchemas, MindVideoComponents } from "../mindvideo/types.js";
export type { RetryOptions } from "../retry.js";
export type { Clock, PollScheduleOptions, TaskWaitOptions } from "../poll.js";
export type { DebugEvent, DebugLogger } from "../debug.js";
export type * from "../../generated/models/types.js";
export { parseGatewayCallback, CallbackPayloadError, type ParsedGatewayCallback } from "./webhooks.js";
export { callbackUrlProblems, CALLBACK_URL_MAX_LENGTH } from "./callback-url.js";
export * from "../public-errors.js";
