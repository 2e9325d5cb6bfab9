/**
 * Deterministic identities: the same job of the same batch always gets the same Idempotency-Key,
 * so a rerun after a crash (or another worker retrying it) replays the original task instead of
 * paying for a second one. Any change to the payload gives a new key.
 */
import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError(`cannot hash the number ${value}`);
    return JSON.stringify(value) ?? "null";
  }
  // Built by concatenation (no array of parts per level): a batch hashes every job's payload.
  let text: string;
  if (Array.isArray(value)) {
    text = "[";
    // Stryker disable next-line ConditionalExpression: canonicalJson(undefined) is "null" as well, so skipping the check is the same text.
    for (let i = 0; i < value.length; i++) text += (i === 0 ? "" : ",") + canonicalJson(value[i] === undefined ? null : value[i]);
    return `${text}]`;
  }
  text = "{";
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    text += (text.length === 1 ? "" : ",") + JSON.stringify(key) + ":" + canonicalJson(item);
  }
  return `${text}}`;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** SHA-256 of the canonical `{ model, input }`. */
export function payloadHash(model: string, input: unknown): string {
  return sha256(canonicalJson({ model, input }));
}

/** `mvb_` + 48 hex digits, from the batch, the job id and the payload hash (well under the 255-character limit). */
export function jobIdempotencyKey(batchId: string, jobId: string, hash: string): string {
  return `mvb_${sha256(`${batchId}\n${jobId}\n${hash}`).slice(0, 48)}`;
}

/** A batch's default id: a hash of its jobs (ids and payloads), so the same file is the same batch. */
export function batchIdFor(jobs: readonly { id: string; model: string; input: unknown }[]): string {
  const lines = jobs.map((job) => `${job.id}\t${payloadHash(job.model, job.input)}`).sort();
  // Stryker disable next-line StringLiteral: every line ends in a 64-digit hash, so any separator keeps distinct batches distinct.
  return `batch_${sha256(lines.join("\n")).slice(0, 24)}`;
}
