/** A real redis-server (the Debian package) on a free loopback port, stopped by the test that started it. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort } from "../../scripts/lib/prism.js";

export interface RedisProcess {
  host: string;
  port: number;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisProcess> {
  if (spawnSync("redis-server", ["--version"]).error) throw new Error("redis-server is not installed: install the Debian package redis-server (.ci/run does)");
  const port = await freePort();
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) resolve();
      if (output.length > 100_000) output = output.slice(-10_000);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    host: "127.0.0.1",
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
