/**
 * Reading jobs.jsonl: one `{ "id", "model", "input" }` per line. Every problem is reported with its
 * line number before anything is submitted.
 */
import { readFile } from "node:fs/promises";
import { models, type ModelSlug } from "../../../generated/models/registry.js";
import { MindVideoError } from "../../errors.js";
import { isModelSlug, validateInput } from "../../validation.js";

export interface BatchJob {
  /** Unique in the batch; names the output files, so letters, digits, `.`, `_` and `-` only. */
  id: string;
  model: ModelSlug;
  input: Record<string, unknown>;
}

export interface JobProblem {
  /** 1-based line in jobs.jsonl (or position in the array). */
  line: number;
  id?: string | undefined;
  message: string;
}

/** Some jobs are invalid; nothing was submitted. */
export class BatchInputError extends MindVideoError {
  override name = "BatchInputError";
  constructor(readonly problems: readonly JobProblem[]) {
    super(`${problems.length} invalid job${problems.length === 1 ? "" : "s"} (nothing was submitted):\n${problems.map((p) => `  line ${p.line}${p.id ? ` (${p.id})` : ""}: ${p.message}`).join("\n")}`);
  }
}

export const JOB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** Checks jobs (from a file or an array): returns the valid ones and every problem. */
export function checkJobs(entries: readonly { line: number; value: unknown }[]): { jobs: BatchJob[]; problems: JobProblem[] } {
  const jobs: BatchJob[] = [];
  const problems: JobProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of entries) {
    const problem = (message: string, id?: string) => problems.push({ line, id, message });
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problem("a job is a JSON object { id, model, input }");
      continue;
    }
    const { id, model, input, ...extra } = value as Record<string, unknown>;
    if (typeof id !== "string" || !JOB_ID_PATTERN.test(id)) {
      problem(`id must be a string of 1-128 letters, digits, ".", "_" or "-" starting with a letter or digit (got ${JSON.stringify(id)?.slice(0, 80)})`);
      continue;
    }
    if (seen.has(id)) {
      problem(`duplicate job id ${JSON.stringify(id)} (first on line ${seen.get(id)})`, id);
      continue;
    }
    seen.set(id, line);
    if (Object.keys(extra).length > 0) {
      problem(`unknown field${Object.keys(extra).length > 1 ? "s" : ""} ${Object.keys(extra).join(", ")} (a job has id, model, input)`, id);
      continue;
    }
    if (typeof model !== "string" || !isModelSlug(model)) {
      problem(`unknown model ${JSON.stringify(model)}; one of: ${Object.keys(models).join(", ")}`, id);
      continue;
    }
    const checked = validateInput(model, input, { provider: models[model].provider });
    if (!checked.ok) {
      problem(`invalid input for ${model}: ${checked.errors.map((e) => e.message).join("; ")}`, id);
      continue;
    }
    jobs.push({ id, model, input: input as Record<string, unknown> });
  }
  return { jobs, problems };
}

/** Parses JSONL text; blank lines are ignored. */
export function parseJobsJsonl(text: string): { jobs: BatchJob[]; problems: JobProblem[] } {
  const entries: { line: number; value: unknown }[] = [];
  const problems: JobProblem[] = [];
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const trimmed = raw.replace(/\r$/, "").trim();
    if (trimmed === "") continue;
    if (trimmed.length > MAX_LINE_CHARS) {
      problems.push({ line, message: `line is over ${MAX_LINE_CHARS} characters` });
      continue;
    }
    try {
      entries.push({ line, value: JSON.parse(trimmed) });
    } catch (error) {
      problems.push({ line, message: `not valid JSON: ${(error as Error).message}` });
    }
  }
  const checked = checkJobs(entries);
  return { jobs: checked.jobs, problems: [...problems, ...checked.problems].sort((a, b) => a.line - b.line) };
}

export async function readJobsFile(path: string): Promise<{ jobs: BatchJob[]; problems: JobProblem[] }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new MindVideoError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseJobsJsonl(text);
}
