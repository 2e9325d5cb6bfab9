/** A child process's output as it arrives, and waits for text in it driven by its data events (no polling, no fixed sleep). */
import type { ChildProcess } from "node:child_process";

export interface ChildOutput {
  /** stdout and stderr so far, interleaved as written. */
  text(): string;
  /** Resolves once the output holds `wanted`; rejects when the child exits first or after `timeoutMs` (a bound, not a wait). */
  waitFor(wanted: string | RegExp, timeoutMs: number): Promise<void>;
}

export function childOutput(child: ChildProcess): ChildOutput {
  let output = "";
  let exited = false;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  child.stdout?.on("data", (chunk: Buffer) => ((output += chunk.toString()), notify()));
  child.stderr?.on("data", (chunk: Buffer) => ((output += chunk.toString()), notify()));
  child.on("close", () => ((exited = true), notify()));
  const holds = (wanted: string | RegExp) => (typeof wanted === "string" ? output.includes(wanted) : wanted.test(output));
  return {
    text: () => output,
    waitFor: (wanted, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const finish = (error?: Error) => {
          clearTimeout(bound);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (holds(wanted)) finish();
          else if (exited) finish(new Error(`the process exited before printing ${String(wanted)}:\n${output}`));
        };
        const bound = setTimeout(() => finish(new Error(`no ${String(wanted)} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}
