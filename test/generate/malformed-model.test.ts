import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, type RepoCopy } from "../helpers/repo-copy.js";

const valid = (slug: string) => ({
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: `https://schemas.mindvideo.ai/models/mindvideo/${slug}.json`,
  title: "Broken",
  "x-output": "video",
  type: "object",
  required: ["prompt"],
  properties: { prompt: { type: "string" } },
  additionalProperties: false,
});

const cases: [string, { file: string; given: string; want: RegExp }][] = [
  ["invalid JSON", { file: "broken-json.json", given: '{ "title": "x", ', want: /broken-json\.json: invalid JSON/ }],
  [
    "not a valid JSON Schema",
    {
      file: "bad-schema.json",
      given: JSON.stringify({ ...valid("bad-schema"), properties: { prompt: { type: "strng" } } }),
      want: /bad-schema\.json: not a valid JSON Schema: \/properties\/prompt\/type/,
    },
  ],
  [
    "no x-output",
    { file: "no-output.json", given: JSON.stringify({ ...valid("no-output"), "x-output": undefined }), want: /no-output\.json: "x-output" must be one of video, image/ },
  ],
  [
    "x-output not a known kind",
    { file: "audio-out.json", given: JSON.stringify({ ...valid("audio-out"), "x-output": "audio" }), want: /audio-out\.json: "x-output" must be one of video, image \(found "audio"\)/ },
  ],
  ["slug not matching the pattern", { file: "Bad_Slug.json", given: JSON.stringify(valid("Bad_Slug")), want: /Bad_Slug\.json: slug "Bad_Slug" \(the file name\) must match/ }],
  [
    "$id not matching the file name",
    { file: "right-name.json", given: JSON.stringify(valid("wrong-name")), want: /right-name\.json: "\$id" must end with "\/models\/mindvideo\/right-name\.json"/ },
  ],
  [
    "an unsupported format",
    {
      file: "email-format.json",
      given: JSON.stringify({ ...valid("email-format"), properties: { prompt: { type: "string", format: "email" } } }),
      want: /email-format\.json: not a valid JSON Schema: #\/properties\/prompt: format "email" is not supported/,
    },
  ],
];

describe("a malformed model file fails generate cleanly", () => {
  let repo: RepoCopy;
  let before: Map<string, string>;
  beforeAll(() => {
    repo = copyRepo();
    before = repo.generatedTree();
  });
  afterAll(() => repo.remove());

  // In process (repo.generate): the entry script's own exit code and output are the last test's.
  it.each(cases)("%s", async (_name, { file, given, want }) => {
    const path = join(repo.dir, "spec/models/mindvideo", file);
    writeFileSync(path, given);
    try {
      const result = await repo.generate();
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`spec/models/mindvideo/${want.source}`));
      expect(result.stderr).toContain("generated/ was left untouched");
      expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      expect(repo.generatedTree()).toEqual(before);
    } finally {
      rmSync(path);
    }
  });

  it("the entry script (npm run generate) exits 1 with the message, not a stack trace", () => {
    const [, { file, given, want }] = cases[0]!;
    const path = join(repo.dir, "spec/models/mindvideo", file);
    writeFileSync(path, given);
    try {
      const result = repo.run("generate");
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`spec/models/mindvideo/${want.source}`));
      expect(result.stderr).toContain("generated/ was left untouched");
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(repo.generatedTree()).toEqual(before);
    } finally {
      rmSync(path);
    }
  });
});
