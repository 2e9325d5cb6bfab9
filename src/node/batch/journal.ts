/**
 * The batch journal: one JSON record per line, appended and fsynced before the step it records is
 * acted on. Why JSONL and not an embedded database: a crash can only tear the last line (which
 * never acknowledged anything and is dropped on reopen), it needs no native module (node:sqlite is
 * not in Node 20), it is readable with `tail -f` and `jq`, and appends stay O(1). Concurrent
 * appends share one write + fdatasync (group commit), so fsync cost does not grow with concurrency.
 */
import { open, readFile, rm, truncate, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { MindVideoError } from "../../errors.js";

export const JOURNAL_VERSION = 1;

export type JournalRecord =
  | { type: "batch"; version: number; batchId: string; createdAt: string }
  /** Gateway only (no idempotency there): written before the create call. */
  | { type: "submitting"; job: string; key: string }
  | { type: "submitted"; job: string; key: string; provider: string; taskId: string; estimate?: number | undefined }
  | { type: "finished"; job: string; taskId: string; status: string; outputs: { kind: "video" | "image"; url: string }[]; cost?: number | undefined; expiresAt?: string | undefined; error?: string | undefined }
  | { type: "downloaded"; job: string; files: { path: string; sha256: string; bytes: number }[] };

export type JobRecord = Exclude<JournalRecord, { type: "batch" }>;

export interface JobState {
  submitting?: Extract<JobRecord, { type: "submitting" }>;
  submitted?: Extract<JobRecord, { type: "submitted" }>;
  finished?: Extract<JobRecord, { type: "finished" }>;
  downloaded?: Extract<JobRecord, { type: "downloaded" }>;
}

/** The journal cannot be used: it belongs to another batch, or it is damaged. It is never overwritten. */
export class JournalError extends MindVideoError {
  override name = "JournalError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`journal ${path}: ${message}`);
  }
}

const JOB_TYPES = new Set(["submitting", "submitted", "finished", "downloaded"]);

export class Journal {
  readonly path: string;
  readonly states: Map<string, JobState>;
  readonly #handle: FileHandle;
  /** Lines not yet written, and the callers waiting for them to be on disk (a record nobody awaits adds no promise). */
  #lines: string[] = [];
  #waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  #flushing: Promise<void> | undefined;
  #failure: unknown;

  private constructor(path: string, handle: FileHandle, states: Map<string, JobState>) {
    this.path = path;
    this.#handle = handle;
    this.states = states;
  }

  /** Opens (or creates) the journal of `batchId`; refuses one from another batch, a damaged one, or one in use. */
  static async open(path: string, batchId: string): Promise<Journal> {
    const release = await lock(path);
    try {
      const journal = await Journal.#open(path, batchId);
      journal.#release = release;
      return journal;
    } catch (error) {
      await release();
      throw error;
    }
  }

  #release: () => Promise<void> = async () => {};

  static async #open(path: string, batchId: string): Promise<Journal> {
    const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw new JournalError(path, `cannot read it: ${error.code ?? error.message}`);
    });
    if (text === undefined || text === "") {
      // Stryker disable next-line ConditionalExpression: "a" creates a missing file as "wx" does; only a second creator could tell them apart, and the lock keeps it out
      const handle = await open(path, text === undefined ? "wx" : "a");
      const journal = new Journal(path, handle, new Map());
      await journal.append({ type: "batch", version: JOURNAL_VERSION, batchId, createdAt: new Date().toISOString() });
      await syncDirectory(dirname(path));
      return journal;
    }
    const { states, completeLength } = parse(path, text, batchId);
    // A torn last line (a crash mid-append) was never acknowledged: drop it so appends stay line-aligned.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: truncating a file to its own length changes nothing
    if (completeLength < Buffer.byteLength(text)) await truncate(path, completeLength);
    return new Journal(path, await open(path, "a"), states);
  }

  /** Resolves once the record is on disk (written and fdatasynced). */
  append(record: JournalRecord): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    this.enqueue(record);
    return promise;
  }

  /**
   * Appends without waiting: the record goes to disk with the next group commit, and a failed write
   * is reported by close(). For records whose loss only costs a replay.
   */
  enqueue(record: JournalRecord): void {
    this.#lines.push(`${JSON.stringify(record)}\n`);
    if (record.type !== "batch") apply(this.states, record);
    this.#flushing ??= this.#flush();
  }

  async #flush(): Promise<void> {
    while (this.#lines.length > 0) {
      const text = this.#lines.join("");
      const waiters = this.#waiters;
      this.#lines = [];
      this.#waiters = [];
      try {
        await this.#handle.write(text);
        await this.#handle.datasync();
        for (const w of waiters) w.resolve();
      } catch (error) {
        this.#failure ??= new JournalError(this.path, `cannot append: ${(error as Error).message}`);
        for (const w of waiters) w.reject(this.#failure);
      }
    }
    this.#flushing = undefined;
  }

  /** Drops a job's state from memory (not from the file): a finished job's records need not stay in RAM for the rest of a long batch. */
  forget(job: string): void {
    this.states.delete(job);
  }

  /** Flushes what is pending; throws if any append failed, even one nobody awaited. */
  async close(): Promise<void> {
    await this.#flushing;
    await this.#handle.close();
    await this.#release();
    if (this.#failure !== undefined) throw this.#failure;
  }
}

function apply(states: Map<string, JobState>, record: JobRecord): void {
  const state = states.get(record.job) ?? {};
  (state as Record<string, JobRecord>)[record.type] = record;
  states.set(record.job, state);
}

function parse(path: string, text: string, batchId: string): { states: Map<string, JobState>; completeLength: number } {
  const lastNewline = text.lastIndexOf("\n");
  const complete = text.slice(0, lastNewline + 1);
  const lines = complete.split("\n").slice(0, -1);
  if (lines.length === 0) throw new JournalError(path, "its first line is torn: not a journal this tool finished writing; move it away to start over");
  const states = new Map<string, JobState>();
  for (const [index, line] of lines.entries()) {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new JournalError(path, `corrupted at line ${index + 1} (not JSON); it was not changed. Restore it, or move it away to start the batch over (tasks already paid for are replayed, not charged again, on MindVideo)`);
    }
    const type = (record as { type?: unknown } | null)?.type;
    if (index === 0) {
      const header = record as { type?: unknown; version?: unknown; batchId?: unknown };
      if (type !== "batch" || typeof header.batchId !== "string") throw new JournalError(path, "line 1 is not a batch journal header; refusing to use or overwrite this file");
      if (header.version !== JOURNAL_VERSION) throw new JournalError(path, `written by journal version ${String(header.version)}, this tool reads version ${JOURNAL_VERSION}`);
      if (header.batchId !== batchId) throw new JournalError(path, `belongs to batch ${header.batchId}, not ${batchId} (the jobs differ); use another --out directory, or pass the same --batch-id`);
      continue;
    }
    if (typeof type !== "string" || !JOB_TYPES.has(type) || typeof (record as { job?: unknown }).job !== "string") throw new JournalError(path, `corrupted at line ${index + 1} (unknown record); it was not changed`);
    apply(states, record as JobRecord);
  }
  return { states, completeLength: Buffer.byteLength(complete) };
}

/**
 * One process per journal: two appending at once would interleave their records. The lock file
 * holds the owner's pid; a lock whose process is gone (killed) is taken over.
 */
async function lock(path: string): Promise<() => Promise<void>> {
  const lockPath = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new JournalError(path, `cannot lock it: ${(error as Error).message}`);
      // Stryker disable next-line MethodExpression: Number() ignores surrounding whitespace itself; trim() states the intent
      const owner = Number((await readFile(lockPath, "utf8").catch(() => "")).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new JournalError(path, `in use by another batch process (pid ${owner}); wait for it to end, or remove ${lockPath} if that process is not a batch`);
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new JournalError(path, `cannot lock it: ${lockPath} keeps reappearing (another batch starting at the same time?)`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Makes a new file's directory entry durable too. */
// Stryker disable BlockStatement,StringLiteral,OptionalChaining: a directory fsync shows only after a power loss; `?.` and the catch matter only where a directory cannot be opened or synced (not on Linux)
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r").catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the file itself is synced.
  } finally {
    await handle?.close();
  }
}
// Stryker restore all
