/** The `mindvideo` CLI against the stateful mock: plain output, exit codes, and a real TTY under tmux. */
import { execFile, execFileSync } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockStack, type MockStack } from "../../scripts/lib/mock-stack.js";
import { exitCodeFor, main } from "../../src/cli/main.js";
import { freePort } from "../../scripts/lib/prism.js";
import { repoRoot } from "../helpers/openapi.js";
import { waitForCondition } from "../helpers/wait-for.js";
import { reNumber, seedCost } from "../helpers/seed-costs.js";

/** The seeds' example for 2.0 fast (720p, 5 s) and the image model's per-image price. */
const FAST_720P_5S = seedCost("doubao-seedance-2-0-fast");
const PER_IMAGE = seedCost("apimart-doubao-seedance-4-0");

const tsx = join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
const cli = join(repoRoot, "src", "cli", "main.ts");
let stack: MockStack;

const keys = { MINDVIDEO_API_KEY: "mv_cli", VIDEO_GATEWAY_API_KEY: "gw_cli" };

/** The CLI as a real process (`tsx src/cli/main.ts`): its exit code, streams and entry guard. */
async function runProcess(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsx, cli, ...args], { env: { ...process.env, ...keys }, encoding: "utf8" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A stream the CLI writes to as to a pipe (not a TTY). */
function pipe() {
  let text = "";
  const stream = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

/**
 * The CLI in this process: what the entry does with `main` (src/cli/main.ts), without a tsx start per
 * case. The real process is `runProcess` (a few cases below) and the tmux test.
 */
async function run(args: string[]) {
  const [stdout, stderr] = [pipe(), pipe()];
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream }).catch((error: unknown) => {
    stderr.stream.write(`mindvideo: ${(error as Error).message}\n`);
    return exitCodeFor(error);
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const savedEnv = { ...process.env };
beforeAll(async () => {
  Object.assign(process.env, keys); // this test file's own worker process
  stack = await startMockStack({ stateful: true, mindvideoPort: 0, gatewayPort: 0, timing: { queuedMs: 400, processingMs: 2_400 } });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  for (const key of Object.keys(keys)) if (savedEnv[key] === undefined) delete process.env[key];
});

// Each case is its own task on the shared mock, mostly waiting on its clock: the cases overlap.
describe.concurrent("plain output", () => {
  it("models: a table of provider, slug and output kind", async () => {
    const { code, stdout } = await runProcess(["models"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^provider\s+slug\s+output\s+title$/);
    expect(stdout).toMatch(/mindvideo\s+apimart-doubao-seedance-4-0\s+image/);
    expect(stdout).toMatch(/gateway\s+doubao-seedance-1\.0-pro-fast\s+video/);
  });

  it("models show: the parameters and rules", async () => {
    const { code, stdout } = await run(["models", "show", "doubao-seedance-2-0-fast"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/resolution\s+string\s+"480p"\s+one of 480p, 720p/);
    expect(stdout).toContain("image_urls cannot be used together with image_with_roles");
  });

  it("run --wait: plain progress lines, then the output URL and cost", async () => {
    const { code, stdout } = await run(["run", "doubao-seedance-2-0-fast", "--prompt", "neon rain", "--set", "resolution=720p", "--set", "duration=5", "--wait", "--base-url", stack.mindvideo.url]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^task task_sim_\\S+ queued · estimated cost ${reNumber(FAST_720P_5S)}$`));
    expect(lines.some((l) => /^\d+\.\ds processing \d+%$/.test(l))).toBe(true);
    expect(lines).toContain(`succeeded (100%) · cost ${FAST_720P_5S}`);
    expect(lines.at(-1)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__mock\/outputs\/task_sim_\S+\/0\.mp4$/);
    expect(stdout).not.toContain("\u001b["); // no terminal control codes when not a TTY
  });

  it("run --json prints the normalized task", async () => {
    const { code, stdout } = await run(["run", "apimart-doubao-seedance-4-0", "--prompt", "a panda", "--set", "n=2", "--json", "--base-url", stack.mindvideo.url]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ provider: "mindvideo", status: "queued", cost: { unit: "money", estimate: 2 * PER_IMAGE } });
  });

  it("invalid input exits 2 with the validator's messages and sends nothing", async () => {
    const charges = stack.simulator!.charges().length;
    const { code, stdout, stderr } = await run(["run", "doubao-seedance-2-0-fast", "--prompt", "x", "--set", "resolution=4K", "--set", "duration=30", "--base-url", stack.mindvideo.url]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("invalid input for doubao-seedance-2-0-fast (nothing was sent)");
    expect(stderr).toContain("input.resolution must be one of 480p, 720p for doubao-seedance-2-0-fast");
    expect(stderr).toContain("input.duration must be at most 15 for doubao-seedance-2-0-fast");
    expect(stack.simulator!.charges().length).toBe(charges);
  });

  it.each([
    ["an unknown model", ["run", "nope", "--prompt", "x"], /unknown model "nope"/],
    ["a non-number for a number", ["run", "doubao-seedance-2-0-fast", "--prompt", "x", "--set", "duration=long"], /duration is a number/],
    ["a malformed --set", ["run", "doubao-seedance-2-0-fast", "--set", "duration"], /--set expects key=value/],
    ["a wrong provider", ["run", "doubao-seedance-2-0-fast", "--prompt", "x", "--provider", "gateway"], /is a mindvideo model, not gateway/],
    ["no command", [], /^usage: mindvideo/],
  ])("%s exits 2", async (_name, args, want) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout + stderr).toMatch(want);
  });

  it("a failed task exits 1; the gateway works the same way", async () => {
    const { code, stdout } = await runProcess(["run", "doubao-seedance-1.0-pro-fast", "--prompt", "a cat [fail]", "--wait", "--base-url", stack.gateway.url]);
    expect(code).toBe(1);
    expect(stdout).toContain("error: The simulated model failed");
  });

  it("tasks get, events and wait", async () => {
    const created = JSON.parse((await run(["run", "doubao-seedance-2-0-fast", "--prompt", "later", "--json", "--base-url", stack.mindvideo.url])).stdout) as { id: string };
    const waited = await run(["tasks", "wait", created.id, "--base-url", stack.mindvideo.url]);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain("succeeded (100%)");
    const got = JSON.parse((await run(["tasks", "get", created.id, "--json", "--base-url", stack.mindvideo.url])).stdout);
    expect(got).toMatchObject({ id: created.id, status: "succeeded" });
    const events = await run(["tasks", "events", created.id, "--base-url", stack.mindvideo.url]);
    expect(events.stdout).toMatch(/task\.queued\s+queued\s+0%/);
    expect(events.stdout).toMatch(/task\.succeeded\s+succeeded\s+100%/);
  });

  it("an API error exits 3, a refused connection 4, a --timeout 5", async () => {
    expect((await run(["tasks", "get", "task_missing", "--base-url", stack.mindvideo.url])).code).toBe(3);
    expect((await run(["tasks", "get", "t", "--base-url", `http://127.0.0.1:${await freePort()}`])).code).toBe(4);
    const created = JSON.parse((await run(["run", "doubao-seedance-2-0-fast", "--prompt", "slow [duration=60000]", "--json", "--base-url", stack.mindvideo.url])).stdout) as { id: string };
    const timedOut = await run(["tasks", "wait", created.id, "--timeout", "1", "--base-url", stack.mindvideo.url]);
    expect(timedOut.code).toBe(5);
    expect(timedOut.stderr).toMatch(/did not finish within 1000 ms \(last status: (queued|processing)\)/);
  });
});

describe("on a terminal (tmux)", () => {
  it("the progress line updates in place and ends cleanly", async () => {
    const session = `mindvideo-cli-${process.pid}`;
    const tmux = (...args: string[]) => execFileSync("tmux", args, { encoding: "utf8" });
    const command = [process.execPath, tsx, cli, "run", "doubao-seedance-2-0-fast", "--prompt", "'neon rain'", "--set", "resolution=720p", "--set", "duration=5", "--wait", "--base-url", stack.mindvideo.url].join(" ");
    // `read` keeps the pane (and its last screen) until the session is killed.
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "12", `MINDVIDEO_API_KEY=mv_cli ${command}; echo EXIT=$?; read -r line`);
    const screens: string[] = [];
    try {
      // tmux has no event for a redraw: the screen is sampled every 100 ms until the command has exited.
      await waitForCondition(
        () => {
          const screen = tmux("capture-pane", "-p", "-t", session);
          if (screens.at(-1) !== screen) screens.push(screen);
          return /EXIT=\d+/.test(screen) ? screen : undefined;
        },
        { what: "the CLI's exit in tmux", timeoutMs: 30_000, everyMs: 100 },
      );
    } finally {
      execFileSync("tmux", ["kill-session", "-t", session]);
    }
    const progressLines = screens.map((s) => s.split("\n").find((l) => /[░█]/.test(l)) ?? "").filter(Boolean);
    expect(new Set(progressLines).size).toBeGreaterThan(3); // redrawn many times
    expect(progressLines.some((l) => /queued/.test(l))).toBe(true);
    expect(progressLines.some((l) => /processing\s+█+░*\s+\d+%\s+\d+\.\ds/.test(l))).toBe(true);
    const final = screens.at(-1)!;
    expect(final).toContain("EXIT=0");
    expect(final).toContain(`succeeded (100%) · cost ${FAST_720P_5S}`);
    expect(final).toMatch(/\/__mock\/outputs\/task_sim_\S+\/0\.mp4/);
    expect(final).not.toMatch(/[░█]/); // the live line was cleared, not left behind
    expect(final.split("\n").filter((l) => /^task task_sim_/.test(l))).toHaveLength(1);
  }, 60_000);
});
