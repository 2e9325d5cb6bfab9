/** `mindvideo/gateway`: the video generations gateway client on its own. */
export { VideoGateway, Videos, GatewayTasks, GATEWAY_DEFAULTS, type VideoGatewayOptions } from "./client.js";
export type * from "./types.js";
export { GATEWAY_TERMINAL_STATUSES } from "./types.js";
export { callbackUrlProblems, internalHostReason, CALLBACK_URL_MAX_LENGTH } from "./callback-url.js";
export { parseGatewayCallback, CallbackPayloadError, type ParsedGatewayCallback } from "./webhooks.js";
export * from "../errors.js";
