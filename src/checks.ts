/**
 * Checks shared by both clients and the transport, kept out of the public error module: task ids
 * before they enter a URL, answers before they are used, causes before they are kept on an error.
 */
import { redactSecrets } from "./debug.js";
import { InvalidResponseError, InvalidTaskIdError } from "./errors.js";

const TASK_ID = /^[A-Za-z0-9._:~-]{1,256}$/;

/** A task id goes into a URL path: anything that could be read as another path is refused before sending. */
export function assertTaskId(taskId: unknown, owner: string): asserts taskId is string {
  const shown = typeof taskId === "string" ? JSON.stringify(taskId.length > 64 ? `${taskId.slice(0, 64)}…` : taskId) : taskId === null ? "null" : typeof taskId;
  if (typeof taskId !== "string" || !TASK_ID.test(taskId) || taskId === "." || taskId === "..") {
    throw new InvalidTaskIdError(`${owner}: taskId must be 1 to 256 letters, digits or . _ : ~ - (and not "." or ".."); got ${shown}`);
  }
}

/** The answer must be a JSON object (a task); anything else is the server breaking the contract. */
export function assertTaskObject(value: unknown, status: number, what: string): asserts value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidResponseError({ status, message: `${what}: the ${status} answer is not a task object (got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value})` });
  }
}

/**
 * A cause that is safe to keep on an error: the original when no secret shows in it, otherwise
 * a copy of its chain (name, code, message) with every secret removed.
 */
export function safeCause(cause: unknown, secrets: readonly (string | undefined)[]): unknown {
  const present = secrets.filter((s): s is string => typeof s === "string" && s !== "");
  if (cause === undefined || present.length === 0) return cause;
  const links: { name: string; code: unknown; message: string }[] = [];
  let leaks = false;
  for (let e: unknown = cause; e !== undefined && e !== null && links.length < 8; e = (e as { cause?: unknown }).cause) {
    const raw = e as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown };
    const message = typeof raw.message === "string" ? raw.message : String(e);
    const clean = redactSecrets(message, present);
    if (clean !== message || (typeof raw.stack === "string" && redactSecrets(raw.stack, present) !== raw.stack)) leaks = true;
    links.push({ name: typeof raw.name === "string" ? raw.name : "Error", code: raw.code, message: clean });
    // Stryker disable next-line ConditionalExpression: a primitive or function has no cause of its own; reading it gives undefined, which ends the loop too
    if (typeof e !== "object") break;
  }
  // A secret may also sit outside the messages: an AggregateError's inner errors, a Request or its headers kept on the error.
  if (!leaks && mentionsSecret(cause, present, { budget: 2_000, seen: new Set() }, 0)) leaks = true;
  if (!leaks) return cause;
  return links.reduceRight<Error | undefined>((inner, link) => {
    const copy = new Error(link.message, inner === undefined ? undefined : { cause: inner });
    copy.name = link.name;
    copy.stack = `${link.name}: ${link.message}`;
    if (link.code !== undefined) (copy as Error & { code?: unknown }).code = link.code;
    return copy;
  }, undefined);
}


/** True when a secret shows anywhere in `value`'s own data (bounded; running out of budget counts as a leak). */
function mentionsSecret(value: unknown, secrets: readonly string[], walk: { budget: number; seen: Set<object> }, depth: number): boolean {
  if (--walk.budget < 0) return true;
  if (typeof value === "string") return redactSecrets(value, secrets) !== value;
  if (typeof value !== "object" || value === null || depth > 6 || walk.seen.has(value)) return false;
  walk.seen.add(value);
  const next = (inner: unknown) => mentionsSecret(inner, secrets, walk, depth + 1);
  if (typeof Headers !== "undefined" && value instanceof Headers) return [...value].some(([name, text]) => next(name) || next(text));
  if (typeof Request !== "undefined" && value instanceof Request) return next(value.url) || next(value.headers);
  if (typeof Response !== "undefined" && value instanceof Response) return next(value.url) || next(value.headers);
  for (const name of Object.getOwnPropertyNames(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, name);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: for an accessor descriptor.value is undefined, and next(undefined) is false
    if (descriptor && "value" in descriptor && next(descriptor.value)) return true;
  }
  return false;
}
