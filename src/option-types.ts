/**
 * The types that client options, waits and generation tasks refer to, for the subpaths that build
 * clients of their own (mindvideo/ai-sdk, mindvideo/batch, mindvideo/bullmq): one list, so every
 * such entry exports what its signatures name (the API report fails on a forgotten export).
 */
export type { ClientOptions, Fetch, RequestOptions } from "./config.js";
export type { RetryOptions } from "./retry.js";
export type { Clock, PollScheduleOptions, TaskWaitOptions } from "./poll.js";
export type { DebugEvent, DebugLogger } from "./debug.js";
export type * from "./generations.js";
export type { ModelInputs, ModelInputsByProvider, ModelOutputKinds, ModelSlug, Provider } from "../generated/models/registry.js";
export type * from "../generated/models/types.js";
