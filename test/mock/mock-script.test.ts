/** `npm run mock` as a developer runs it: a real process, real ports, Ctrl-C. */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertPortFree, freePort } from "../../scripts/lib/prism.js";
import { childOutput } from "../helpers/child-output.js";
import { repoRoot } from "../helpers/openapi.js";

const tsx = join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");

function runMock(args: string[]) {
  const child = spawn(process.execPath, [tsx, join(repoRoot, "scripts", "mock.ts"), ...args], { cwd: repoRoot }) as ChildProcessWithoutNullStreams;
  const output = childOutput(child);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: output.text, waitFor: output.waitFor };
}

// Every case runs its own processes on its own ports, and most of their time is Prism starting: the cases overlap.
describe.concurrent("npm run mock", () => {
  it("fails fast and clearly when a port is taken, starting nothing", async () => {
    const blocker = createServer();
    const taken = await freePort();
    const other = await freePort();
    await new Promise<void>((r) => blocker.listen(taken, "127.0.0.1", r));
    try {
      const mock = runMock(["--mindvideo-port", String(other), "--gateway-port", String(taken)]);
      const code = await mock.exited;
      expect(code).toBe(1);
      expect(mock.output()).toContain(`mock: port ${taken} on 127.0.0.1 is already in use`);
      expect(mock.output()).toContain("move it with --gateway-port");
      await expect(assertPortFree(other)).resolves.toBeUndefined();
    } finally {
      blocker.close();
    }
  });

  it("rejects a bad option with the usage line", async () => {
    const mock = runMock(["--mindvideo-port", "abc"]);
    expect(await mock.exited).toBe(1);
    expect(mock.output()).toMatch(/--mindvideo-port must be a whole number \(got abc\)\nusage: npm run mock/);
  });

  // Static mode's serving is checked by the SIGTERM case below (one Prism pair less to start; Ctrl-C and SIGTERM share one shutdown).
  it.each([
    [["--stateful"], 404], // stateful: no task of that id was created
  ] as const)("serves both APIs (%j), then stops on Ctrl-C", async (extra, unknownTaskStatus) => {
    const [mindvideoPort, gatewayPort] = [await freePort(), await freePort()];
    const mock = runMock(["--mindvideo-port", String(mindvideoPort), "--gateway-port", String(gatewayPort), ...extra]);
    try {
      await mock.waitFor("Ctrl-C stops everything", 60_000);
      expect(mock.output()).toContain(`MindVideo task API   http://127.0.0.1:${mindvideoPort}`);
      const auth = { authorization: "Bearer any" };
      const created = await fetch(`http://127.0.0.1:${mindvideoPort}/api/v1/tasks`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "a test" } }),
      });
      expect(created.status).toBe(200);
      const gateway = await fetch(`http://127.0.0.1:${gatewayPort}/v1/tasks/task-unified-1761313744-vux2jw0k`, { headers: auth });
      expect(gateway.status).toBe(unknownTaskStatus);
    } finally {
      mock.child.kill("SIGINT");
      await mock.exited;
    }
    await expect(assertPortFree(mindvideoPort)).resolves.toBeUndefined();
    await expect(assertPortFree(gatewayPort)).resolves.toBeUndefined();
  }, 90_000);
});

describe.concurrent("npm run mock: supervision, violations, help", () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const childPids = (output: string) => [...output.matchAll(/Child\s+(Prism \((\w+) static examples, pid (\d+)\))/g)].map((m) => ({ name: m[1]!, api: m[2]!, pid: Number(m[3]) }));

  it("a killed Prism child makes the mock say which and exit non-zero, stopping the other", async () => {
    const mock = runMock(["--mindvideo-port", String(await freePort()), "--gateway-port", String(await freePort())]);
    await mock.waitFor("Ctrl-C stops everything", 60_000);
    const children = childPids(mock.output());
    expect(children.map((c) => c.api).sort()).toEqual(["gateway", "mindvideo"]);
    process.kill(children[0]!.pid, "SIGKILL");
    expect(await mock.exited).toBe(1);
    expect(mock.output()).toContain(`mock: ${children[0]!.name} exited (signal SIGKILL); stopping everything`);
    expect(alive(children[1]!.pid)).toBe(false);
  }, 90_000);

  it("static: serves both APIs, prints a violation as one line; SIGTERM to the script's own pid stops every child and frees the ports", async () => {
    const [port, gatewayPort] = [await freePort(), await freePort()];
    const mock = runMock(["--mindvideo-port", String(port), "--gateway-port", String(gatewayPort)]);
    await mock.waitFor("Ctrl-C stops everything", 60_000);
    expect(mock.output()).toContain(`MindVideo task API   http://127.0.0.1:${port}`);
    const children = childPids(mock.output());
    expect(children.map((c) => c.api).sort()).toEqual(["gateway", "mindvideo"]);
    const auth = { authorization: "Bearer any" };
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/tasks`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "a test" } }) });
    expect(created.status).toBe(200);
    // Static: the spec's example answers for any task id.
    expect((await fetch(`http://127.0.0.1:${gatewayPort}/v1/tasks/task-unified-1761313744-vux2jw0k`, { headers: auth })).status).toBe(200);
    await fetch(`http://127.0.0.1:${port}/api/v1/tasks`, { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "x", duration: 99 } }) });
    await mock.waitFor("violation: ", 10_000);
    expect(mock.output()).toMatch(/\nviolation: POST \/api\/v1\/tasks request: 400 input\.duration must be at most 15 for doubao-seedance-2-0-fast\n/);
    mock.child.kill("SIGTERM");
    expect(await mock.exited).toBe(143);
    for (const child of children) expect(alive(child.pid)).toBe(false);
    await expect(assertPortFree(port)).resolves.toBeUndefined();
    await expect(assertPortFree(gatewayPort)).resolves.toBeUndefined();
  }, 90_000);

  it.each([["mock.ts", /--stateful[\s\S]*--processing-ms N[\s\S]*default: 4000/], ["start.ts", /--docs-port N\s+docs server port\s+default: 4012[\s\S]*--gateway-port N/]])("%s --help lists every option with its default", async (script, pattern) => {
    const child = spawn(process.execPath, [tsx, join(repoRoot, "scripts", script), "--help"], { cwd: repoRoot });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c));
    expect(await new Promise((resolve) => child.on("exit", resolve))).toBe(0);
    expect(output).toMatch(pattern);
  });
});

describe("npm start", () => {
  it("generates, builds the docs, starts the stateful mock and the docs server, prints the URLs, and stops on Ctrl-C", async () => {
    const [mindvideoPort, gatewayPort, docsPort] = [await freePort(), await freePort(), await freePort()];
    const child = spawn(process.execPath, [tsx, join(repoRoot, "scripts", "start.ts"), "--mindvideo-port", String(mindvideoPort), "--gateway-port", String(gatewayPort), "--docs-port", String(docsPort)], { cwd: repoRoot });
    const started = childOutput(child);
    const exited = new Promise((resolve) => child.on("exit", resolve));
    try {
      await started.waitFor("API docs ", 90_000);
      const output = started.text();
      expect(output).toMatch(/generated\/ is up to date/);
      expect(output).toContain(`http://127.0.0.1:${mindvideoPort}`);
      expect(output).toContain(`http://127.0.0.1:${docsPort}/models.html`);
      expect((await fetch(`http://127.0.0.1:${docsPort}/models.html`)).status).toBe(200);
      const created = await fetch(`http://127.0.0.1:${mindvideoPort}/api/v1/tasks`, {
        method: "POST",
        headers: { authorization: "Bearer any", "content-type": "application/json" },
        body: JSON.stringify({ model: "apimart-doubao-seedance-4-0", input: { prompt: "a panda" } }),
      });
      expect(((await created.json()) as { status: string }).status).toBe("queued");
    } finally {
      child.kill("SIGINT");
      await exited;
    }
    for (const port of [mindvideoPort, gatewayPort, docsPort]) await expect(assertPortFree(port)).resolves.toBeUndefined();
  }, 120_000);
});
