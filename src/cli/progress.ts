/** The live progress line on a terminal, and plain lines elsewhere. */
import type { GenerationTask } from "../generations.js";

export interface Progress {
  update(task: GenerationTask): void;
  /** Clears the live line so final output starts clean. */
  finish(): void;
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

export function createProgress(stream: NodeJS.WriteStream, started = Date.now()): Progress {
  let last: GenerationTask | undefined;
  if (!stream.isTTY) {
    return {
      update(task) {
        if (last && last.status === task.status && last.progress === task.progress) return;
        last = task;
        stream.write(`${seconds(Date.now() - started)} ${task.status}${task.progress === undefined ? "" : ` ${task.progress}%`}\n`);
      },
      finish() {},
    };
  }
  let frame = 0;
  const render = () => {
    if (!last) return;
    const percent = last.progress ?? 0;
    const bar = "█".repeat(Math.round(percent / 5)).padEnd(20, "░");
    stream.write(`\r\x1b[2K${SPINNER[frame++ % SPINNER.length]} ${last.status.padEnd(10)} ${bar} ${String(percent).padStart(3)}%  ${seconds(Date.now() - started)}`);
  };
  const timer = setInterval(render, 200);
  return {
    update(task) {
      last = task;
      render();
    },
    finish() {
      clearInterval(timer);
      stream.write("\r\x1b[2K");
    },
  };
}
