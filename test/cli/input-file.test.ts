/** `--input FILE`: the input object, or a whole request body of either provider's shape. */
import { describe, expect, it } from "vitest";
import { inputFromFile } from "../../src/cli/input-file.js";

describe("inputFromFile", () => {
  it.each([
    ["the input object", { given: { prompt: "p", resolution: "720p" }, want: { prompt: "p", resolution: "720p" } }],
    ["MindVideo's { model, input } body", { given: { model: "doubao-seedance-2-0-fast", input: { prompt: "p" } }, want: { prompt: "p" } }],
    ["a flat body naming the model", { given: { model: "doubao-seedance-2-0-fast", prompt: "p", duration: 5 }, want: { prompt: "p", duration: 5 } }],
    ["an input that has a field named input beside others", { given: { model: "doubao-seedance-2-0-fast", input: { a: 1 }, prompt: "p" }, want: { input: { a: 1 }, prompt: "p" } }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(inputFromFile(given, "doubao-seedance-2-0-fast")).toEqual(want);
  });

  it.each([
    ["a body for another model", { given: { model: "doubao-seedance-1.0-pro-fast", prompt: "p" }, want: /for model "doubao-seedance-1\.0-pro-fast", not doubao-seedance-2-0-fast/ }],
    ["an array", { given: [1], want: /expected a JSON object/ }],
    ["null", { given: null, want: /expected a JSON object/ }],
  ] as const)("refuses %s", (_name, { given, want }) => {
    expect(() => inputFromFile(given, "doubao-seedance-2-0-fast")).toThrow(want);
  });
});
