import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { diffSpecs } from "../../scripts/lib/spec-diff.js";
import { repoRoot } from "../helpers/openapi.js";
import { copyRepo, type RepoCopy } from "../helpers/repo-copy.js";

/** A copy of spec/ edited by `edit`, diffed against the real one. */
function diffAfter(edit: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "mindvideo-spec-edit-"));
  try {
    cpSync(join(repoRoot, "spec"), dir, { recursive: true });
    edit(dir);
    return diffSpecs(join(repoRoot, "spec"), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const editYaml = (dir: string, file: string, change: (doc: any) => void) => {
  const doc = parse(readFileSync(join(dir, file), "utf8"));
  change(doc);
  writeFileSync(join(dir, file), stringify(doc));
};
const editModel = (dir: string, path: string, change: (schema: any) => void) => {
  const schema = JSON.parse(readFileSync(join(dir, "models", path), "utf8"));
  change(schema);
  writeFileSync(join(dir, "models", path), JSON.stringify(schema));
};

describe("spec-level changes", () => {
  it("no edit, no change", () => {
    expect(diffAfter(() => undefined)).toEqual([]);
  });

  it.each([
    ["model removed", (dir: string) => rmSync(join(dir, "models/mindvideo/doubao-seedance-2-0-fast.json")), { scope: "model mindvideo/doubao-seedance-2-0-fast", rule: "model removed", class: "breaking" }],
    [
      "model added",
      (dir: string) => {
        const schema = JSON.parse(readFileSync(join(dir, "models/mindvideo/doubao-seedance-2-0-fast.json"), "utf8"));
        schema.$id = schema.$id.replace("2-0-fast", "2-1-fast");
        writeFileSync(join(dir, "models/mindvideo/doubao-seedance-2-1-fast.json"), JSON.stringify(schema));
      },
      { scope: "model mindvideo/doubao-seedance-2-1-fast", rule: "model added", class: "non-breaking" },
    ],
    ["operation removed", (dir: string) => editYaml(dir, "mindvideo.yaml", (d) => delete d.paths["/api/v1/tasks/{task_id}/events"]), { scope: "operation mindvideo listTaskEvents", rule: "operation removed", class: "breaking" }],
    [
      "operation added",
      (dir: string) => editYaml(dir, "mindvideo.yaml", (d) => (d.paths["/api/v1/tasks/{task_id}/cancel"] = { post: { ...d.paths["/api/v1/tasks/{task_id}"].get, operationId: "cancelTask" } })),
      { scope: "operation mindvideo cancelTask", rule: "operation added", class: "non-breaking" },
    ],
    ["status removed", (dir: string) => editYaml(dir, "mindvideo.yaml", (d) => delete d.paths["/api/v1/tasks/{task_id}"].get.responses["502"]), { scope: "operation mindvideo getTask", rule: "status removed", class: "breaking", path: "responses.502" }],
    [
      "status added",
      (dir: string) => editYaml(dir, "gateway.yaml", (d) => (d.paths["/v1/tasks/{task_id}"].get.responses["403"] = { $ref: "#/components/responses/Unauthorized" })),
      { scope: "operation gateway getTaskDetail", rule: "status added", class: "non-breaking", path: "responses.403" },
    ],
    [
      "a new task status in the response",
      (dir: string) => editYaml(dir, "mindvideo.yaml", (d) => d.components.schemas.TaskStatus.enum.push("paused")),
      { scope: "operation mindvideo getTask", rule: "enum value added", class: "breaking", path: "responses.200.status" },
    ],
    [
      "a response field made optional",
      (dir: string) => editYaml(dir, "mindvideo.yaml", (d) => (d.components.schemas.Task.required = ["request_id", "task_id"])),
      { scope: "operation mindvideo createTask", rule: "required property made optional", class: "breaking", path: "responses.200.status" },
    ],
    [
      "a model's enum value removed",
      (dir: string) => editModel(dir, "mindvideo/doubao-seedance-1-0-pro-quality.json", (s) => (s.properties.resolution.enum = ["720p", "1080p"])),
      { scope: "model mindvideo/doubao-seedance-1-0-pro-quality", rule: "enum value removed", class: "breaking", path: "input.resolution" },
    ],
    [
      "a query parameter tightened",
      (dir: string) => editYaml(dir, "mindvideo.yaml", (d) => (d.paths["/api/v1/tasks/{task_id}/events"].get.parameters[2].schema.maximum = 50)),
      { scope: "operation mindvideo listTaskEvents", rule: "maximum lowered", class: "breaking", path: "parameters.query.limit" },
    ],
    ["a summary reworded", (dir: string) => editYaml(dir, "gateway.yaml", (d) => (d.paths["/v1/tasks/{task_id}"].get.summary = "Get a task")), { scope: "operation gateway getTaskDetail", rule: "documentation changed", class: "docs" }],
  ] as const)("%s", (_name, edit, want) => {
    expect(diffAfter(edit)).toContainEqual(expect.objectContaining(want));
  });
});

describe("npm run diff in a real git repository", () => {
  let repo: RepoCopy;
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo.dir, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });
  beforeAll(() => {
    repo = copyRepo();
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "base");
    const file = join(repo.dir, "spec/models/mindvideo/doubao-seedance-2-0-fast.json");
    const schema = JSON.parse(readFileSync(file, "utf8"));
    schema.properties.resolution.enum = ["720p"]; // 480p dropped
    schema.properties.duration.maximum = 12; // was 15
    schema.properties.prompt.description = "What the video shows.";
    writeFileSync(file, JSON.stringify(schema, null, 2));
  });
  afterAll(() => repo.remove());

  it("reports the edit as a Markdown table and exits 1", () => {
    const result = repo.run("diff");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("2 breaking, 0 non-breaking, 1 docs-only change(s); semver: major");
    expect(result.stdout).toContain("| breaking | model mindvideo/doubao-seedance-2-0-fast | input.resolution | enum value removed | \"480p\" is no longer allowed |");
    expect(result.stdout).toContain("| breaking | model mindvideo/doubao-seedance-2-0-fast | input.duration | maximum lowered | 15 → 12 |");
    expect(result.stdout).toContain("| docs | model mindvideo/doubao-seedance-2-0-fast | input.prompt | documentation changed | description |");
    expect(result.stderr).toContain("breaking changes found");
  });

  // The rest in process (repo.diff, repo.generate): the entry script's exit code and streams are the test above.
  it("--allow-breaking exits 0; --json gives the same findings", async () => {
    expect((await repo.diff(["--allow-breaking"])).status).toBe(0);
    const report = JSON.parse((await repo.diff(["--json", "--allow-breaking"])).stdout);
    expect(report).toMatchObject({ base: "HEAD", semver: "major", breaking: true });
    expect(report.changes).toHaveLength(3);
  });

  it("--base compares with any ref", async () => {
    git("add", "-A");
    git("commit", "-qm", "edit");
    expect((await repo.diff()).stdout).toContain("No changes.");
    expect((await repo.diff(["--base", "HEAD~1", "--allow-breaking"])).stdout).toContain("semver: major");
  });

  it("generate prints the one-line summary when it changes generated/", async () => {
    const file = join(repo.dir, "spec/models/mindvideo/apimart-doubao-seedance-4-0.json");
    const schema = JSON.parse(readFileSync(file, "utf8"));
    schema.properties.watermark.default = true;
    writeFileSync(file, JSON.stringify(schema, null, 2));
    const result = await repo.generate();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/spec\/ vs HEAD: 1 breaking, 0 non-breaking, 0 docs-only change\(s\); semver: major \(details: npm run diff\)/);
  });
});
