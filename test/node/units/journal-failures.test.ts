/** The batch journal when the disk misbehaves: unreadable journals, failed appends, locks that vanish or cannot be made. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Journal, JournalError } from "../../../src/node/batch/journal.js";

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mindvideo-journal-f-"));
  path = join(dir, "journal.jsonl");
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as JournalError);

/** The prototype of node's FileHandle, to make one write or sync fail as a full or broken disk would. */
async function fileHandlePrototype() {
  const handle = await open(join(dir, "probe"), "w");
  await handle.close();
  return Object.getPrototypeOf(handle) as { datasync(): Promise<void> };
}

describe("Journal failures", () => {
  it("a journal path it cannot read is a JournalError with the system's code, and the lock is released", async () => {
    mkdirSync(path);
    const error = await failure(Journal.open(path, "b"));
    expect(error).toBeInstanceOf(JournalError);
    expect(error!.message).toBe(`journal ${path}: cannot read it: EISDIR`);
    expect(() => readFileSync(`${path}.lock`)).toThrow(/ENOENT/);
  });

  it("a new journal holds no job state (its header is no job)", async () => {
    const journal = await Journal.open(path, "b");
    expect(journal.states.size).toBe(0);
    await journal.close();
    const again = await Journal.open(path, "b");
    expect(again.states.size).toBe(0);
    await again.close();
  });

  it("a failed append rejects every append of its group commit; close() reports the first failure even if nobody awaited it", async () => {
    const journal = await Journal.open(path, "b");
    const proto = await fileHandlePrototype();
    let calls = 0;
    const sync = vi.spyOn(proto, "datasync").mockImplementation(() => Promise.reject(new Error(++calls === 1 ? "EIO: i/o error" : "a later failure")));
    const first = failure(journal.append({ type: "submitting", job: "a", key: "k" }));
    const second = failure(journal.append({ type: "submitting", job: "b", key: "k" }));
    expect(await first).toBeInstanceOf(JournalError);
    expect((await first)!.message).toBe(`journal ${path}: cannot append: EIO: i/o error`);
    expect(await second).toBe(await first);
    // A later append that fails for another reason is rejected with the first failure too.
    const third = await failure(journal.append({ type: "submitting", job: "c", key: "k" }));
    expect(calls).toBeGreaterThan(1);
    expect(third).toBe(await first);
    sync.mockRestore();
    // One that reaches the disk resolves; close() still reports the earlier failure.
    await expect(journal.append({ type: "submitting", job: "d", key: "k" })).resolves.toBeUndefined();
    const closed = await failure(journal.close());
    expect(closed).toBe(await first);
  });

  it("close() succeeds after appends that all reached the disk", async () => {
    const journal = await Journal.open(path, "b");
    await journal.append({ type: "submitting", job: "a", key: "k" });
    await expect(journal.close()).resolves.toBeUndefined();
  });

  it("a lock file someone removed meanwhile does not fail close()", async () => {
    const journal = await Journal.open(path, "b");
    rmSync(`${path}.lock`);
    await expect(journal.close()).resolves.toBeUndefined();
  });

  it("a lock that cannot be created says why (the system's error), not that it keeps reappearing", async () => {
    const missing = join(dir, "gone", "journal.jsonl");
    const error = await failure(Journal.open(missing, "b"));
    expect(error!.message).toMatch(new RegExp(`^journal ${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot lock it: ENOENT: no such file or directory`));
  });

  it("a lock held by pid 1 (always alive) is refused", async () => {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(`${path}.lock`, "1\n");
    const error = await failure(Journal.open(path, "b"));
    expect(error!.message).toBe(`journal ${path}: in use by another batch process (pid 1); wait for it to end, or remove ${path}.lock if that process is not a batch`);
  });
});
