/**
 * A bounded wait for a condition only another process can make true and no event announces (a port
 * that starts answering, a terminal's screen): checks at once, then every `everyMs`, and ends as
 * soon as `check` returns a value; throws after `timeoutMs`. Not a fixed sleep: nothing waits longer
 * than the condition takes. In-process code is driven by events or a virtual clock instead.
 */
export async function waitForCondition<T>(check: () => T | undefined | Promise<T | undefined>, options: { what: string; timeoutMs: number; everyMs?: number }): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`${options.what}: not within ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 50));
  }
}
