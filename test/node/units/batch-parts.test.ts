/** The batch runner's pure parts: deterministic identities (keys.ts) and job checking (jobs.ts), line by line. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BatchInputError, checkJobs, JOB_ID_PATTERN, parseJobsJsonl, readJobsFile } from "../../../src/node/batch/jobs.js";
import { batchIdFor, canonicalJson, jobIdempotencyKey, payloadHash } from "../../../src/node/batch/keys.js";
import { MindVideoError } from "../../../src/errors.js";

const VIDEO = { model: "doubao-seedance-2-0-fast", input: { prompt: "a quiet harbour", duration: 5 } };

describe("canonicalJson", () => {
  it.each([
    ["keys sorted at every level", { given: { b: 1, a: { d: [1, { f: 2, e: 3 }], c: "x" } }, want: '{"a":{"c":"x","d":[1,{"e":3,"f":2}]},"b":1}' }],
    ["undefined properties dropped", { given: { a: undefined, b: 1 }, want: '{"b":1}' }],
    ["undefined array items as null", { given: [undefined, 1], want: "[null,1]" }],
    ["null", { given: null, want: "null" }],
    ["a top-level undefined as null", { given: undefined, want: "null" }],
    ["strings escaped like JSON", { given: 'a"b\n', want: '"a\\"b\\n"' }],
    ["booleans and numbers", { given: [true, false, 0, -1.5], want: "[true,false,0,-1.5]" }],
    ["an empty object and array", { given: { a: {}, b: [] }, want: '{"a":{},"b":[]}' }],
  ])("%s", (_name, { given, want }) => {
    expect(canonicalJson(given)).toBe(want);
  });

  it.each([["NaN", Number.NaN], ["Infinity", Infinity], ["-Infinity", -Infinity]])("refuses %s, nested too", (name, value) => {
    expect(() => canonicalJson({ a: [value] })).toThrow(new TypeError(`cannot hash the number ${name}`));
  });
});

describe("identities", () => {
  const hash = payloadHash(VIDEO.model, VIDEO.input);

  it("the payload hash is SHA-256 hex, ignoring key order and undefined fields, and changes with model or input", () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(payloadHash(VIDEO.model, { duration: 5, prompt: "a quiet harbour", seed: undefined })).toBe(hash);
    expect(payloadHash("doubao-seedance-1-0-pro-quality", VIDEO.input)).not.toBe(hash);
    expect(payloadHash(VIDEO.model, { ...VIDEO.input, duration: 6 })).not.toBe(hash);
  });

  it("a job's key: mvb_ and 48 hex digits, the same every time, new when batch, job or payload changes", () => {
    const key = jobIdempotencyKey("batch_1", "job-1", hash);
    expect(key).toMatch(/^mvb_[0-9a-f]{48}$/);
    expect(jobIdempotencyKey("batch_1", "job-1", hash)).toBe(key);
    const others = [jobIdempotencyKey("batch_2", "job-1", hash), jobIdempotencyKey("batch_1", "job-2", hash), jobIdempotencyKey("batch_1", "job-1", payloadHash(VIDEO.model, {}))];
    expect(new Set([key, ...others]).size).toBe(4);
    // The parts are separated: moving a character from one to the next is another key.
    expect(jobIdempotencyKey("ab", "c", hash)).not.toBe(jobIdempotencyKey("a", "bc", hash));
  });

  it("a batch id: batch_ and 24 hex digits, independent of job order, new when a job changes", () => {
    const jobs = [
      { id: "a", ...VIDEO },
      { id: "b", model: VIDEO.model, input: { prompt: "b" } },
    ];
    const id = batchIdFor(jobs);
    expect(id).toMatch(/^batch_[0-9a-f]{24}$/);
    expect(batchIdFor([...jobs].reverse())).toBe(id);
    expect(batchIdFor([{ ...jobs[0]!, id: "c" }, jobs[1]!])).not.toBe(id);
    expect(batchIdFor([jobs[0]!, { ...jobs[1]!, input: { prompt: "c" } }])).not.toBe(id);
    expect(batchIdFor([jobs[0]!])).not.toBe(id);
  });
});

describe("JOB_ID_PATTERN", () => {
  it.each([
    ["a letter", { given: "a", want: true }],
    ["a digit first, then . _ -", { given: "1a.b_c-d", want: true }],
    ["128 characters", { given: "a".repeat(128), want: true }],
    ["129 characters", { given: "a".repeat(129), want: false }],
    ["empty", { given: "", want: false }],
    ["starting with a dot", { given: ".a", want: false }],
    ["a slash", { given: "a/b", want: false }],
    ["a trailing newline", { given: "a\n", want: false }],
  ])("%s", (_name, { given, want }) => {
    expect(JOB_ID_PATTERN.test(given)).toBe(want);
  });
});

describe("checkJobs", () => {
  const check = (value: unknown, line = 1) => checkJobs([{ line, value }]);

  it("a valid job passes as it is", () => {
    expect(check({ id: "j1", ...VIDEO })).toEqual({ jobs: [{ id: "j1", ...VIDEO }], problems: [] });
  });

  it.each([
    ["an array", { given: [1], want: { message: "a job is a JSON object { id, model, input }", id: undefined } }],
    ["null", { given: null, want: { message: "a job is a JSON object { id, model, input }", id: undefined } }],
    ["a string", { given: "j1", want: { message: "a job is a JSON object { id, model, input }", id: undefined } }],
    ["a bad id", { given: { id: "a/b", ...VIDEO }, want: { message: 'id must be a string of 1-128 letters, digits, ".", "_" or "-" starting with a letter or digit (got "a/b")', id: undefined } }],
    ["a numeric id", { given: { id: 7, ...VIDEO }, want: { message: expect.stringContaining("(got 7)"), id: undefined } }],
    ["one unknown field", { given: { id: "j1", ...VIDEO, extra: 1 }, want: { message: "unknown field extra (a job has id, model, input)", id: "j1" } }],
    ["two unknown fields", { given: { id: "j1", ...VIDEO, x: 1, y: 2 }, want: { message: "unknown fields x, y (a job has id, model, input)", id: "j1" } }],
    ["an unknown model", { given: { id: "j1", model: "nope", input: {} }, want: { message: expect.stringMatching(/^unknown model "nope"; one of: .*doubao-seedance-2-0-fast/), id: "j1" } }],
    ["a model that is not a string", { given: { id: "j1", model: 3, input: {} }, want: { message: expect.stringMatching(/^unknown model 3;/), id: "j1" } }],
    ["an invalid input", { given: { id: "j1", model: VIDEO.model, input: { prompt: "p", duration: 99 } }, want: { message: expect.stringMatching(/^invalid input for doubao-seedance-2-0-fast: .*duration/), id: "j1" } }],
  ])("%s is a problem on its line", (_name, { given, want }) => {
    expect(check(given, 7)).toEqual({ jobs: [], problems: [{ line: 7, ...want }] });
  });

  it("a long bad id is quoted at most 80 characters", () => {
    const { problems } = check({ id: "/".repeat(200), ...VIDEO });
    expect(problems[0]!.message).toContain(`(got "${"/".repeat(79)})`);
  });

  it("a duplicate id names the first line; the first job stays valid", () => {
    const result = checkJobs([
      { line: 2, value: { id: "j1", ...VIDEO } },
      { line: 5, value: { id: "j1", ...VIDEO } },
      { line: 6, value: { id: "j2", ...VIDEO } },
    ]);
    expect(result.jobs.map((j) => j.id)).toEqual(["j1", "j2"]);
    expect(result.problems).toEqual([{ line: 5, id: "j1", message: 'duplicate job id "j1" (first on line 2)' }]);
  });
});

describe("parseJobsJsonl", () => {
  const line = (id: string) => JSON.stringify({ id, ...VIDEO });

  it("skips blank lines and CRs, numbers lines from 1, and sorts problems by line", () => {
    const text = [line("a"), "", "   ", "{oops", `${line("b")}\r`, JSON.stringify({ id: "c" }), "[]"].join("\n");
    const { jobs, problems } = parseJobsJsonl(text);
    expect(jobs.map((j) => j.id)).toEqual(["a", "b"]);
    expect(problems.map((p) => p.line)).toEqual([4, 6, 7]);
    expect(problems[0]!.message).toMatch(/^not valid JSON: /);
  });

  it("an empty file is no jobs and no problems", () => {
    expect(parseJobsJsonl("")).toEqual({ jobs: [], problems: [] });
  });

  it("a line over 16 MiB characters is refused without parsing it", () => {
    const max = 16 * 1024 * 1024;
    const { problems } = parseJobsJsonl(`${line("a")}\n"${"x".repeat(max - 1)}"`);
    expect(problems).toEqual([{ line: 2, message: `line is over ${max} characters` }]);
    // Exactly the limit is parsed (and then refused as a job, not as too long).
    const atLimit = parseJobsJsonl(`"${"x".repeat(max - 2)}"`);
    expect(atLimit.problems[0]!.message).toBe("a job is a JSON object { id, model, input }");
  });

  it("reads a file, and names a file it cannot read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mindvideo-jobs-"));
    try {
      writeFileSync(join(dir, "jobs.jsonl"), `${line("a")}\n`);
      expect((await readJobsFile(join(dir, "jobs.jsonl"))).jobs.map((j) => j.id)).toEqual(["a"]);
      const missing = join(dir, "missing.jsonl");
      await expect(readJobsFile(missing)).rejects.toThrow(new MindVideoError(`cannot read ${missing}: ENOENT`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("BatchInputError", () => {
  it.each([
    ["one problem", { given: [{ line: 3, message: "m" }], want: "1 invalid job (nothing was submitted):\n  line 3: m" }],
    ["two, one with an id", { given: [{ line: 1, id: "j1", message: "m1" }, { line: 2, message: "m2" }], want: "2 invalid jobs (nothing was submitted):\n  line 1 (j1): m1\n  line 2: m2" }],
  ])("%s", (_name, { given, want }) => {
    const error = new BatchInputError(given);
    expect(error.message).toBe(want);
    expect(error.name).toBe("BatchInputError");
    expect(error).toBeInstanceOf(MindVideoError);
    expect(error.problems).toBe(given);
  });
});
