/** `mindvideo/models`: the generated registry and validation, without any client. */
export { models, modelSlugs, apiServers } from "../generated/models/registry.js";
export type { ModelSlug, ModelInputs, ModelInfo, ModelInputsByProvider, ModelOutputKinds, ModelProviders, ModelRule, OutputKind, Provider } from "../generated/models/registry.js";
export type * from "../generated/models/types.js";
export type { InputProblem } from "./errors.js";
export { validateInput, isModelSlug, type ValidationResult, type ValidateOptions } from "./validation.js";
export { parameterRows, type ParameterRow, type Schema } from "./model-docs.js";
