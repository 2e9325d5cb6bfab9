/** Contract violations, one readable line each, kept in a bounded buffer (the oldest are dropped). */

export interface Violation {
  at: string;
  method: string;
  path: string;
  /** "request" (the client broke the contract) or "response" (the mock's upstream did). */
  side: "request" | "response";
  /** What was wrong: `body: input.duration must be <= 12`. */
  what: string;
  /** The same as one line: `POST /api/v1/tasks request: body: …`. */
  line: string;
}

export interface ViolationLog {
  record(entry: Omit<Violation, "at" | "line">): Violation;
  list(): Violation[];
  /** How many were recorded since the last clear, dropped ones included. */
  total(): number;
  clear(): void;
}

/** Control characters and newlines escaped, length capped: a violation never spans two lines. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function createViolationLog(options: { max?: number | undefined; onViolation?: ((violation: Violation) => void) | undefined; now?: (() => number) | undefined } = {}): ViolationLog {
  const max = options.max ?? 500;
  const entries: Violation[] = [];
  let total = 0;
  return {
    record(entry) {
      const method = oneLine(entry.method, 16);
      const path = oneLine(entry.path, 200);
      const what = oneLine(entry.what);
      const violation: Violation = { at: new Date(options.now?.() ?? Date.now()).toISOString(), method, path, side: entry.side, what, line: `${method} ${path} ${entry.side}: ${what}` };
      entries.push(violation);
      if (entries.length > max) entries.splice(0, entries.length - max);
      total++;
      options.onViolation?.(violation);
      return violation;
    },
    list: () => [...entries],
    total: () => total,
    clear() {
      entries.length = 0;
      total = 0;
    },
  };
}
