/** Fetching generated images as bytes, bounded: a huge or endless body is cut off, never buffered whole. */
import { APICallError } from "@ai-sdk/provider";
import type { Fetch } from "../config.js";

export interface DownloadOptions {
  fetch: Fetch;
  maxBytes: number;
  signal?: AbortSignal | undefined;
  taskId: string;
}

export async function downloadBytes(url: string, options: DownloadOptions): Promise<Uint8Array> {
  const fail = (message: string, extra: { statusCode?: number; cause?: unknown } = {}) =>
    // Not retryable: the AI SDK would retry by creating (and paying for) another task.
    new APICallError({ message: `downloading the output of task ${options.taskId} from ${url}: ${message}`, url, requestBodyValues: undefined, isRetryable: false, data: { taskId: options.taskId }, ...extra });
  let response: Response;
  try {
    response = await options.fetch(new Request(url, options.signal ? { signal: options.signal } : {}));
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw fail(error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw fail(`HTTP ${response.status}`, { statusCode: response.status });
  }
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > options.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw fail(`${declared} bytes, more than maxImageBytes (${options.maxBytes})`);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > options.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw fail(`more than maxImageBytes (${options.maxBytes}) bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
