/**
 * The provider-neutral types: submit, get, wait and run resolve to the same GenerationTask for
 * either provider, so an application can switch providers without touching its code. Nothing here
 * knows a provider; each provider's adapter (src/<provider>/adapter.ts) maps its tasks onto these.
 */
import type { ModelInputs, ModelSlug, Provider } from "../generated/models/registry.js";
import type { RequestOptions } from "./config.js";
import type { TaskWaitOptions } from "./poll.js";

export type GenerationStatus = "queued" | "processing" | "succeeded" | "failed" | "cancelled";
export const GENERATION_STATUSES: readonly GenerationStatus[] = Object.freeze(["queued", "processing", "succeeded", "failed", "cancelled"]);

/** What a GenerationTask's cost counts: the gateway's credits, or MindVideo's money. */
export type CostUnit = "credits" | "money";

export interface GenerationTask {
  provider: Provider;
  id: string;
  model: string;
  /** A status the SDK does not know is reported as "processing" (waiting goes on), with `unknownStatus` set. */
  status: GenerationStatus;
  /** The provider's own status when the SDK does not know it (a newer API); absent otherwise. */
  unknownStatus?: string;
  progress?: number;
  outputs: { kind: "video" | "image"; url: string }[];
  /** In `unit`: the gateway counts credits, MindVideo an amount of money (the account's currency). */
  cost?: { estimate?: number; actual?: number; unit: CostUnit };
  error?: { code?: string; message: string };
  /** When the output links stop working (the gateway's last 24 hours). */
  expiresAt?: string;
  /** The provider's own answer, untouched. */
  raw: unknown;
}

/** `{ model, input }` for any model of either provider, `input` narrowed by `model`. */
export type GenerationRequest<M extends ModelSlug = ModelSlug> = { [K in M]: { model: K; input: ModelInputs[K] } }[M];

/** How to wait for a task, with `onUpdate` receiving the neutral task. */
export type GenerationWaitOptions = TaskWaitOptions<GenerationTask>;

export interface GenerationSubmitOptions extends RequestOptions {
  /**
   * Only where the provider honours one (MindVideo); the gateway documents no Idempotency-Key, so
   * there it is refused with UnsupportedOptionError before anything is sent.
   */
  idempotencyKey?: string | undefined;
  /** Overrides the client's `validate`. */
  validate?: boolean | undefined;
  /** Send the schema defaults for omitted fields (default: omit them, the server applies them). */
  applyDefaults?: boolean | undefined;
}

export interface GenerationClient {
  readonly provider: Provider;
  submit<M extends ModelSlug>(request: GenerationRequest<M>, options?: GenerationSubmitOptions): Promise<GenerationTask>;
  get(id: string, options?: RequestOptions): Promise<GenerationTask>;
  wait(id: string, options?: GenerationWaitOptions): Promise<GenerationTask>;
  /** submit + wait; throws TaskFailedError (carrying the GenerationTask) on failed or cancelled. */
  run<M extends ModelSlug>(request: GenerationRequest<M>, options?: GenerationSubmitOptions & GenerationWaitOptions): Promise<GenerationTask>;
}
