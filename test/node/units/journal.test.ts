/** The batch journal on a temporary directory: create, reopen, torn and damaged files, locking, group commit. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal, JOURNAL_VERSION, JournalError } from "../../../src/node/batch/journal.js";
import { MindVideoError } from "../../../src/errors.js";

let dir: string;
let path: string;
const header = (batchId = "batch_1", version: unknown = JOURNAL_VERSION) => JSON.stringify({ type: "batch", version, batchId, createdAt: "2026-01-01T00:00:00.000Z" });
const lines = () => readFileSync(path, "utf8").split("\n");

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mindvideo-journal-"));
  path = join(dir, "journal.jsonl");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("Journal", () => {
  it("a new journal starts with its batch header, records follow one per line, and the lock goes on close", async () => {
    const journal = await Journal.open(path, "batch_1");
    expect(existsSync(`${path}.lock`)).toBe(true);
    expect(readFileSync(`${path}.lock`, "utf8")).toBe(String(process.pid));
    await journal.append({ type: "submitted", job: "a", key: "k", provider: "mindvideo", taskId: "t1" });
    await journal.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    const [first, second, rest] = lines();
    expect(JSON.parse(first!)).toMatchObject({ type: "batch", version: JOURNAL_VERSION, batchId: "batch_1" });
    expect(Date.parse(JSON.parse(first!).createdAt)).not.toBeNaN();
    expect(JSON.parse(second!)).toEqual({ type: "submitted", job: "a", key: "k", provider: "mindvideo", taskId: "t1" });
    expect(rest).toBe("");
    expect(journal.states.get("a")).toEqual({ submitted: { type: "submitted", job: "a", key: "k", provider: "mindvideo", taskId: "t1" } });
  });

  it("an empty file is started as a new journal", async () => {
    writeFileSync(path, "");
    const journal = await Journal.open(path, "batch_1");
    await journal.close();
    expect(JSON.parse(lines()[0]!)).toMatchObject({ type: "batch", batchId: "batch_1" });
  });

  it("reopening restores every job's latest record per step, and appends after them", async () => {
    const first = await Journal.open(path, "batch_1");
    await first.append({ type: "submitting", job: "a", key: "k" });
    await first.append({ type: "submitted", job: "a", key: "k", provider: "gateway", taskId: "t1" });
    await first.append({ type: "finished", job: "a", taskId: "t1", status: "succeeded", outputs: [] });
    await first.append({ type: "submitted", job: "b", key: "k2", provider: "gateway", taskId: "t2" });
    await first.append({ type: "submitted", job: "b", key: "k2", provider: "gateway", taskId: "t3" });
    await first.close();
    const again = await Journal.open(path, "batch_1");
    expect([...again.states.keys()]).toEqual(["a", "b"]);
    expect(Object.keys(again.states.get("a")!).sort()).toEqual(["finished", "submitted", "submitting"]);
    expect(again.states.get("b")!.submitted!.taskId).toBe("t3");
    again.forget("a");
    expect(again.states.has("a")).toBe(false);
    await again.append({ type: "downloaded", job: "b", files: [] });
    await again.close();
    expect(lines()).toHaveLength(8);
    expect(readFileSync(path, "utf8").endsWith('"files":[]}\n')).toBe(true);
  });

  it("a torn last line (a crash mid-append) is dropped, and appends stay line-aligned", async () => {
    writeFileSync(path, `${header()}\n${JSON.stringify({ type: "submitting", job: "a", key: "k" })}\n{"type":"submi`);
    const journal = await Journal.open(path, "batch_1");
    expect(readFileSync(path, "utf8").endsWith('"key":"k"}\n')).toBe(true);
    await journal.append({ type: "submitting", job: "b", key: "k" });
    await journal.close();
    expect(lines().slice(1, -1).map((line) => JSON.parse(line).job)).toEqual(["a", "b"]);
  });

  it.each([
    ["a torn first line", { given: '{"type":"bat', want: "its first line is torn: not a journal this tool finished writing; move it away to start over" }],
    ["a first line that is not a header", { given: `${JSON.stringify({ type: "submitting", job: "a", key: "k" })}\n`, want: "line 1 is not a batch journal header; refusing to use or overwrite this file" }],
    ["a header without a batch id", { given: `${JSON.stringify({ type: "batch", version: JOURNAL_VERSION })}\n`, want: "line 1 is not a batch journal header; refusing to use or overwrite this file" }],
    ["another version", { given: `${header("batch_1", 2)}\n`, want: `written by journal version 2, this tool reads version ${JOURNAL_VERSION}` }],
    ["another batch", { given: `${header("batch_2")}\n`, want: "belongs to batch batch_2, not batch_1 (the jobs differ); use another --out directory, or pass the same --batch-id" }],
    ["a line that is not JSON", { given: `${header()}\nnot json\n`, want: expect.stringMatching(/^corrupted at line 2 \(not JSON\); it was not changed/) }],
    ["an unknown record type", { given: `${header()}\n${JSON.stringify({ type: "paid", job: "a" })}\n`, want: "corrupted at line 2 (unknown record); it was not changed" }],
    ["a record without a job", { given: `${header()}\n${JSON.stringify({ type: "submitting", key: "k" })}\n`, want: "corrupted at line 2 (unknown record); it was not changed" }],
    ["a record that is null", { given: `${header()}\nnull\n`, want: "corrupted at line 2 (unknown record); it was not changed" }],
    ["a header that is null", { given: "null\n", want: "line 1 is not a batch journal header; refusing to use or overwrite this file" }],
  ])("refuses %s, leaves the file as it was and releases the lock", async (_name, { given, want }) => {
    writeFileSync(path, given);
    const error = await Journal.open(path, "batch_1").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JournalError);
    expect(error).toBeInstanceOf(MindVideoError);
    expect((error as JournalError).name).toBe("JournalError");
    expect((error as JournalError).path).toBe(path);
    const prefix = `journal ${path}: `;
    expect((error as JournalError).message.startsWith(prefix)).toBe(true);
    expect((error as JournalError).message.slice(prefix.length)).toEqual(want);
    expect(readFileSync(path, "utf8")).toBe(given);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it("a journal in use by a live process is refused; a stale lock (dead or bogus owner) is taken over", async () => {
    const held = await Journal.open(path, "batch_1");
    // Our own pid in the lock file counts as stale (a crashed earlier run of this process), so use the parent's.
    await held.close();
    writeFileSync(`${path}.lock`, String(process.ppid));
    const busy = await Journal.open(path, "batch_1").then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(busy?.message).toBe(`journal ${path}: in use by another batch process (pid ${process.ppid}); wait for it to end, or remove ${path}.lock if that process is not a batch`);
    for (const owner of ["2147483646", "garbage", "", "0", "-5", String(process.pid)]) {
      writeFileSync(`${path}.lock`, owner);
      const journal = await Journal.open(path, "batch_1");
      expect(readFileSync(`${path}.lock`, "utf8")).toBe(String(process.pid));
      await journal.close();
    }
  });

  it("a directory it cannot write in is a JournalError naming the lock", async () => {
    const missing = join(dir, "nope", "journal.jsonl");
    await expect(Journal.open(missing, "batch_1")).rejects.toThrow(/^journal .*nope\/journal\.jsonl: cannot lock it: /);
  });

  it("appends made together are written together, in order, each resolved once on disk", async () => {
    const journal = await Journal.open(path, "batch_1");
    const jobs = Array.from({ length: 20 }, (_, i) => `j${i}`);
    await Promise.all(jobs.map((job) => journal.append({ type: "submitting", job, key: job })));
    await journal.close();
    expect(lines().slice(1, -1).map((line) => JSON.parse(line).job)).toEqual(jobs);
  });
});
