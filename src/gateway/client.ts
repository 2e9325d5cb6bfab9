import createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi/gateway.js";
import { apiServers } from "../../generated/models/servers.js";
import { createConfig, type ClientOptions, type RequestOptions } from "../config.js";
import type { GenerationClient } from "../generations.js";
import { createTaskResource, generationClient, type TaskResource } from "../task-resource.js";
import { gatewayTaskSpec } from "./adapter.js";
import type { GatewayCreateOptions, GatewayModel, GatewayRunOptions, GatewayWaitOptions, VideoGenerationParams, VideoGenerationResponse, VideoTask } from "./types.js";

export const GATEWAY_DEFAULTS = Object.freeze({
  clientName: "VideoGateway",
  apiKeyEnv: "VIDEO_GATEWAY_API_KEY",
  baseUrl: apiServers.gateway,
} as const);

export type VideoGatewayOptions = ClientOptions;

/** `client.videos`: starting generations. */
export interface Videos {
  /** Starts a generation. Validates the body first, callback_url included; nothing is sent when it is invalid. */
  create<M extends GatewayModel>(params: VideoGenerationParams<M>, options?: GatewayCreateOptions): Promise<VideoGenerationResponse>;
  /** create + wait; resolves to the completed task, throws TaskFailedError on failed or cancelled. */
  run<M extends GatewayModel>(params: VideoGenerationParams<M>, options?: GatewayRunOptions): Promise<VideoTask & { status: "completed" }>;
}

/** `client.tasks`: reading and waiting for gateway tasks. */
export interface GatewayTasks {
  get(taskId: string, options?: RequestOptions): Promise<VideoTask>;
  /** Polls until completed, failed or cancelled. */
  wait(taskId: string, options?: GatewayWaitOptions): Promise<VideoTask>;
}

/**
 * The OpenAI-style video generations gateway. It documents no idempotency header, so a create is
 * retried only when the request certainly never reached the server (and an `idempotencyKey` option
 * is refused with UnsupportedOptionError); GETs retry as usual.
 */
export class VideoGateway {
  readonly videos: Videos;
  readonly tasks: GatewayTasks;
  /** The provider-neutral interface shared with MindVideo. */
  readonly generations: GenerationClient;

  constructor(options: VideoGatewayOptions = {}) {
    const config = createConfig(options, GATEWAY_DEFAULTS);
    const resource: TaskResource<VideoTask> = createTaskResource(config, gatewayTaskSpec(config, createClient<paths>({ baseUrl: config.baseUrl })));
    this.videos = {
      create: async (params, createOptions = {}) => (await resource.create(params, createOptions)).task as unknown as VideoGenerationResponse,
      run: async (params, runOptions = {}) => (await resource.run(params, runOptions)).task as VideoTask & { status: "completed" },
    };
    this.tasks = { get: (taskId, getOptions = {}) => resource.get(taskId, getOptions), wait: (taskId, waitOptions = {}) => resource.wait(taskId, waitOptions) };
    this.generations = generationClient(resource);
  }
}
