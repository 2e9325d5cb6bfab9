import { describe, expect, it } from "vitest";
import { inputFromFile } from "../../src/cli/input-file.js";

const MODEL = "doubao-seedance-2-0-fast";

describe("inputFromFile: the edges of the two body shapes", () => {
  it.each([
    ["a body whose input is null stays flat", { given: { model: MODEL, input: null }, want: { input: null } }],
    ["a body whose input is an array stays flat", { given: { model: MODEL, input: [1] }, want: { input: [1] } }],
    ["a body whose input is a string stays flat", { given: { model: MODEL, input: "p" } , want: { input: "p" } }],
    ["a body naming only the model", { given: { model: MODEL }, want: {} }],
    ["an empty object", { given: {}, want: {} }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(inputFromFile(given, MODEL)).toEqual(want);
  });

  it("returns a copy of the nested input, not the file's object", () => {
    const input = { prompt: "p" };
    const result = inputFromFile({ model: MODEL, input }, MODEL);
    expect(result).toEqual(input);
    expect(result).not.toBe(input);
  });

  it.each([
    ["a string", "{}"],
    ["a number", 1],
    ["undefined", undefined],
  ] as const)("refuses %s", (_name, given) => {
    expect(() => inputFromFile(given, MODEL)).toThrow(new Error("expected a JSON object"));
  });

  it("names both models when the body is for another", () => {
    expect(() => inputFromFile({ model: null, prompt: "p" }, MODEL)).toThrow(new Error(`the body is for model null, not ${MODEL}`));
  });
});
