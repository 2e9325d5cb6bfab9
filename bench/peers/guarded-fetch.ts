/**
 * Raw fetch plus only the per-call work the client's guarantees need, and nothing else: a controller
 * and a timer per call (a timeout that really cancels), its signal on the request, redirects left
 * manual, the body read with a byte count (the size cap). Beside raw fetch it shows what those
 * guarantees cost on this runtime, the floor any client that keeps them stands on.
 */
const TIMEOUT_MS = 60_000;
const MAX_BYTES = 16 * 1024 * 1024;
const UTF8 = new TextDecoder();

export async function guardedFetch(send: (init: { signal: AbortSignal; redirect: "manual" }) => Promise<Response>): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await send({ signal: controller.signal, redirect: "manual" });
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BYTES) throw new Error("answer over the cap");
      chunks.push(value);
    }
    if (chunks.length === 1) return JSON.parse(UTF8.decode(chunks[0]));
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) bytes.set(chunk, (offset += chunk.byteLength) - chunk.byteLength);
    return JSON.parse(UTF8.decode(bytes));
  } finally {
    clearTimeout(timer);
  }
}
