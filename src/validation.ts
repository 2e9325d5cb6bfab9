/**
 * Input validation with the precompiled validators: every problem, as a path and a sentence that
 * names the model and what is allowed.
 */
import { models, type ModelSlug, type ModelInputs, type ModelRule } from "../generated/models/registry.js";
import { validators, type SchemaError } from "../generated/validators/index.js";
import type { InputProblem } from "./errors.js";

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: InputProblem[] };

export interface ValidateOptions {
  /** Fill omitted fields with the schema defaults (the server applies them anyway). Default false. */
  applyDefaults?: boolean | undefined;
  /** Where the input sits in the request body, for messages: `input` (MindVideo) or `` (gateway body). */
  prefix?: string | undefined;
  /** Restrict to one provider's models. */
  provider?: string | undefined;
}

export function isModelSlug(model: unknown, provider?: string): model is ModelSlug {
  return typeof model === "string" && Object.hasOwn(models, model) && (provider === undefined || models[model as ModelSlug].provider === provider);
}

export function validateInput<M extends ModelSlug>(model: M, input: unknown, options?: ValidateOptions): ValidationResult<ModelInputs[M]>;
export function validateInput(model: string, input: unknown, options?: ValidateOptions): ValidationResult<unknown>;
export function validateInput(model: string, input: unknown, options: ValidateOptions = {}): ValidationResult<unknown> {
  const prefix = options.prefix ?? "input";
  if (!isModelSlug(model, options.provider)) {
    const known = Object.values(models)
      .filter((m) => options.provider === undefined || m.provider === options.provider)
      .map((m) => m.slug);
    return { ok: false, errors: [{ path: "model", message: `model ${JSON.stringify(model)} is not a known model; allowed: ${known.join(", ")}` }] };
  }
  const validate = validators[model];
  if (validate(input)) {
    const value = options.applyDefaults ? { ...models[model].defaults, ...(input as object) } : input;
    return { ok: true, value };
  }
  return { ok: false, errors: describeErrors(model, validate.errors ?? [], prefix) };
}

function describeErrors(model: ModelSlug, errors: readonly SchemaError[], prefix: string): InputProblem[] {
  const info = models[model];
  const problems = new Map<string, InputProblem>();
  for (const error of errors) {
    const rule = ruleFor(error, info.rules);
    const path = joinPath(prefix, error.instancePath, rule ? undefined : error);
    const message = rule
      ? `${rule.message} (${model})`
      : `${path || "input"} ${describe(error, model)} for ${model}`;
    problems.set(message, { path: rule ? joinPath(prefix, ruleInstancePath(rule, error)) : path, message });
  }
  return [...problems.values()];
}

/** The innermost x-rule whose subschema contains the failing keyword. */
function ruleFor(error: SchemaError, rules: readonly ModelRule[]): ModelRule | undefined {
  let best: ModelRule | undefined;
  for (const rule of rules) {
    if ((error.schemaPath === rule.pointer || error.schemaPath.startsWith(`${rule.pointer}/`)) && (!best || rule.pointer.length > best.pointer.length)) best = rule;
  }
  return best;
}

/** Rules sit on an object or array; report them at that level, not at the nested keyword. */
function ruleInstancePath(rule: ModelRule, error: SchemaError): string {
  const depth = rule.pointer.split("/").filter((part) => part === "properties").length;
  return error.instancePath.split("/").slice(0, depth + 1).join("/");
}

function joinPath(prefix: string, instancePath: string, error?: SchemaError): string {
  let path = prefix;
  const parts = instancePath.split("/").slice(1);
  if (error?.keyword === "required") parts.push(String(error.params.missingProperty));
  if (error?.keyword === "additionalProperties") parts.push(String(error.params.additionalProperty));
  for (const raw of parts) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    path = /^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part;
  }
  return path;
}

function describe(error: SchemaError, model: ModelSlug): string {
  const p = error.params;
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties": {
      const allowed = Object.keys((models[model].schema.properties as object | undefined) ?? {});
      return `is not a parameter; allowed: ${allowed.join(", ")}`;
    }
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map(String).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case "type":
      return `must be ${article(String(p.type))}`;
    case "minimum":
      return `must be at least ${p.limit}`;
    case "maximum":
      return `must be at most ${p.limit}`;
    case "exclusiveMinimum":
      return `must be greater than ${p.limit}`;
    case "exclusiveMaximum":
      return `must be less than ${p.limit}`;
    case "minLength":
      return `must be at least ${p.limit} character${p.limit === 1 ? "" : "s"} long`;
    case "maxLength":
      return `must be at most ${p.limit} characters long`;
    case "minItems":
      return `must have at least ${p.limit} item${p.limit === 1 ? "" : "s"}`;
    case "maxItems":
      return `must have at most ${p.limit} item${p.limit === 1 ? "" : "s"}`;
    case "pattern":
      return `must match ${p.pattern}`;
    case "format":
      return `must be a valid ${p.format}`;
    default:
      return error.message ?? "is invalid";
  }
}

function article(type: string): string {
  return type.split(",").map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(" or ");
}
