/** `mindvideo/batch`: resumable batches (Node only: the journal and the downloads touch the disk). */
export { runBatch, JOURNAL_FILE, DEFAULT_BATCH_OPTIONS, type BatchOptions, type BatchEvent, type BatchCounts, type BatchCost, type BatchSummary, type JobResult, type JobOutcome } from "./run.js";
export { parseJobsJsonl, readJobsFile, checkJobs, BatchInputError, JOB_ID_PATTERN, type BatchJob, type JobProblem } from "./jobs.js";
export { Journal, JournalError, JOURNAL_VERSION, type JournalRecord, type JobState } from "./journal.js";
export { canonicalJson, payloadHash, jobIdempotencyKey, batchIdFor } from "./keys.js";
export { RateGate, DEFAULT_RATE_GATE_OPTIONS, type RateGateOptions } from "./limiter.js";
// Types the exported signatures above refer to.
export type { JobRecord } from "./journal.js";
export type { DownloadOptions, DownloadedFile, DownloadProgress } from "../download.js";
export type { MindVideoError } from "../../errors.js";
export type * from "../../option-types.js";
