import type { components } from "../../generated/openapi/gateway.js";
import type { ModelInputsByProvider } from "../../generated/models/registry.js";
import type { RequestOptions } from "../config.js";
import type { TaskWaitOptions } from "../poll.js";

/** The gateway spec's components, as openapi-typescript generates them. */
export type { components as GatewayComponents };
/** The spec's schemas by name. */
export type GatewaySchemas = components["schemas"];

export type GatewayModel = keyof ModelInputsByProvider["gateway"] & string;
export type GatewayInput<M extends GatewayModel> = ModelInputsByProvider["gateway"][M];

/** The create body: `model` plus that model's parameters, narrowed by `model`. */
export type VideoGenerationParams<M extends GatewayModel = GatewayModel> = { [K in M]: { model: K } & GatewayInput<K> }[M];

export type KnownGatewayStatus = NonNullable<GatewaySchemas["VideoTask"]["status"]>;
export type GatewayStatus = KnownGatewayStatus | (string & {});
export const GATEWAY_TERMINAL_STATUSES: ReadonlySet<string> = new Set<KnownGatewayStatus>(["completed", "failed", "cancelled"]);

export type VideoGenerationResponse = GatewaySchemas["VideoGenerationResponse"];
export type VideoTask = Omit<GatewaySchemas["VideoTask"], "status"> & { status: GatewayStatus };

export interface GatewayCreateOptions extends RequestOptions {
  /** Overrides the client's `validate`. */
  validate?: boolean | undefined;
  applyDefaults?: boolean | undefined;
}

/** How to wait for a gateway task (see TaskWaitOptions). */
export type GatewayWaitOptions = TaskWaitOptions<VideoTask>;
export type GatewayRunOptions = Omit<GatewayCreateOptions, "timeoutMs"> & GatewayWaitOptions;
