/** `mindvideo/webhooks`: receiving the gateway's callbacks. */
export { parseGatewayCallback, CallbackPayloadError, type ParsedGatewayCallback } from "./gateway/webhooks.js";
export { fromGatewayTask, type GenerationTask } from "./generations.js";
