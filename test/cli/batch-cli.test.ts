/**
 * `mindvideo batch` as a real process against the stateful mock: SIGKILLed at random moments
 * and started again, it ends with exactly one task per job and every file on disk, intact.
 */
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { JOURNAL_FILE } from "../../src/node/batch/index.js";
import { FAST_TIMING, startMockBatchApi, videoJobs, type MockBatchApi } from "../helpers/batch-api.js";
import { repoRoot } from "../helpers/openapi.js";

// `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process, which SIGKILL would orphan.
const node = (args: string[]) => ["--import", "tsx", cli, ...args];
const cli = join(repoRoot, "src", "cli", "main.ts");
const env = { ...process.env, MINDVIDEO_API_KEY: "mv_batch_cli" };
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
let api: MockBatchApi;
let dir: string;

async function run(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, node(args), { env, encoding: "utf8", cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Starts the batch and SIGKILLs it once `shouldKill` says so; resolves with how it ended. */
function runUntil(args: string[], shouldKill: (state: { journal: string; succeeded: Set<string> }) => boolean, succeeded: Set<string>, journalPath: string): Promise<{ killed: boolean; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, node(args), { env, stdio: ["ignore", "pipe", "pipe"], cwd: repoRoot });
    let killed = false;
    let buffered = "";
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const check = () => {
      if (killed) return;
      const journal = existsSync(journalPath) ? readFileSync(journalPath, "utf8") : "";
      if (shouldKill({ journal, succeeded })) {
        killed = true;
        child.kill("SIGKILL");
      }
    };
    const watcher = watch(dir, check);
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      output += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        const match = /^\d+\/\d+ (\S+) succeeded/.exec(line);
        if (match) succeeded.add(match[1]!);
      }
      check();
    });
    child.on("exit", (code) => {
      watcher.close();
      resolve({ killed, code, output });
    });
  });
}

beforeAll(async () => {
  // Files of 512 KiB, each its own bytes: a kill can land mid-download and a mixed-up file would show.
  api = await startMockBatchApi(FAST_TIMING, { outputBytes: 512 * 1024 });
});
afterAll(() => api.close());
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "mindvideo-batch-cli-"));
  await fetch(`${api.baseUrls.mindvideo}/__mock/reset`, { method: "POST" });
  Object.assign(api.counts, { create: 0, get: 0, file: 0, rateLimited: 0, total: 0 });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("mindvideo batch", () => {
  it("50 jobs at concurrency 8, SIGKILLed at three random moments and restarted: 50 tasks, 50 intact files", async () => {
    const jobsFile = join(dir, "jobs.jsonl");
    writeFileSync(jobsFile, videoJobs(50).map((job) => JSON.stringify(job)).join("\n"));
    const out = join(dir, "out");
    const journalPath = join(out, JOURNAL_FILE);
    const args = ["batch", jobsFile, "--concurrency", "8", "--out", out, "--download", "--base-url", api.baseUrls.mindvideo];
    const random = (from: number, to: number) => from + Math.floor(Math.random() * (to - from + 1));
    const succeeded = new Set<string>();
    // 1: mid-submission (after k submitted records); 2 and 3: after t jobs have succeeded in all.
    const submittedAt = random(1, 8);
    const [t2, t3] = [random(3, 15), 0].map((v, i, a) => (i === 0 ? v : a[0]! + random(5, 20)));
    const moments = [
      ({ journal }: { journal: string }) => (journal.match(/"type":"submitted"/g) ?? []).length >= submittedAt,
      () => succeeded.size >= t2!,
      () => succeeded.size >= t3!,
    ];
    const context = `kill moments: ${submittedAt} submitted, ${t2} and ${t3} succeeded`;
    for (const moment of moments) {
      const ended = await runUntil(args, moment, succeeded, journalPath);
      expect(ended.killed, `${context}: the run finished before it was killed (exit ${ended.code}):\n${ended.output}`).toBe(true);
    }
    const last = await run(args);
    expect(last.code, `${context}\n${last.stdout}\n${last.stderr}`).toBe(0);
    expect(await api.taskCount()).toBe(50);
    const files = readdirSync(out).filter((name) => name.endsWith(".mp4"));
    expect(files).toHaveLength(50);
    expect(readdirSync(out).filter((name) => name.endsWith(".part"))).toEqual([]);
    const summary = JSON.parse(readFileSync(join(out, "mindvideo-batch-summary.json"), "utf8"));
    expect(summary.counts).toMatchObject({ total: 50, succeeded: 50, failed: 0 });
    const listed = (await (await fetch(`${api.baseUrls.mindvideo}/__mock/tasks`)).json()) as { data: { id: string }[] };
    expect(new Set(listed.data.map((task) => task.id))).toEqual(new Set((summary.jobs as { taskId: string }[]).map((job) => job.taskId)));
    const checksums = new Set<string>();
    for (const job of summary.jobs as { id: string; taskId: string }[]) {
      const onDisk = sha256(readFileSync(join(out, `${job.id}-0.mp4`)));
      expect(onDisk, job.id).toBe(sha256(await api.servedBytes(job.taskId)));
      checksums.add(onDisk);
    }
    expect(checksums.size).toBe(50);
  }, 120_000);
});
