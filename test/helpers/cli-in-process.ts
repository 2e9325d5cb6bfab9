/** The CLI in this process (what the entry does with `main`): output captured, the exit code as the entry would set it. */
import { exitCodeFor, main } from "../../src/cli/main.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mindvideo …args` with `apiKey` in MINDVIDEO_API_KEY (restored after); `tty` makes stderr a terminal. */
export async function runCliInProcess(args: string[], { apiKey, tty = false }: { apiKey: string; tty?: boolean }): Promise<CliResult> {
  let [stdout, stderr] = ["", ""];
  const stream = (write: (chunk: string) => void, isTTY: boolean) => ({ isTTY, columns: 100, write: (chunk: string) => (write(chunk), true) }) as unknown as NodeJS.WriteStream;
  const saved = process.env.MINDVIDEO_API_KEY;
  process.env.MINDVIDEO_API_KEY = apiKey;
  try {
    const code = await main(args, { stdout: stream((c) => (stdout += c), false), stderr: stream((c) => (stderr += c), tty) }).catch((error: unknown) => {
      stderr += `mindvideo: ${(error as Error).message}\n`;
      return exitCodeFor(error);
    });
    return { code, stdout, stderr };
  } finally {
    if (saved === undefined) delete process.env.MINDVIDEO_API_KEY;
    else process.env.MINDVIDEO_API_KEY = saved;
  }
}
