import { describe, expect, it } from "vitest";
import { validators } from "../../generated/validators/index.js";
import { componentValidator } from "../helpers/openapi.js";
import { proseRuleCases as cases } from "./prose-rule-cases.js";

describe("prose rules encoded in the model schemas", () => {
  it.each(cases)("validator: %s", (_name, { model, given, want }) => {
    const validate = validators[model];
    expect(validate(given) ? "accept" : "reject", JSON.stringify(validate.errors)).toBe(want);
  });

  // The bundled OpenAPI documents (what the mock validates) must give the same verdicts.
  it.each(cases)("bundled OpenAPI: %s", (_name, { model, given, want }) => {
    const isGateway = model === "doubao-seedance-1.0-pro-fast";
    const validate = componentValidator(isGateway ? "gateway" : "mindvideo", isGateway ? "VideoGenerationRequest" : "CreateTaskRequest");
    const body = isGateway ? { model, ...given } : { model, input: given };
    expect(validate(body) ? "accept" : "reject", JSON.stringify(validate.errors)).toBe(want);
  });
});
