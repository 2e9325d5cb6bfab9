import { closeSync, openSync, readSync } from "node:fs";
import { PageImportError } from "./errors.js";

/** Pages are small; a bigger file is not a saved model page (and would only cost time). */
export const MAX_PAGE_BYTES = 4 * 1024 * 1024;

/** A saved page's text (UTF-8, BOM dropped), or a PageImportError saying why there is none. */
export function readPageFile(file: string, pageName: string): string {
  let bytes: Buffer;
  try {
    bytes = readAtMost(file, MAX_PAGE_BYTES + 1);
  } catch (error) {
    throw new PageImportError(pageName, [`the file cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`]);
  }
  if (bytes.length > MAX_PAGE_BYTES) throw new PageImportError(pageName, [`the file is more than ${MAX_PAGE_BYTES} bytes, larger than any model page`]);
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new PageImportError(pageName, ["the file is empty"]);
  return text;
}

/** Reads up to `limit` bytes, so a device or a pipe that never ends cannot exhaust memory. */
function readAtMost(file: string, limit: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(limit);
    let length = 0;
    for (let n = 1; n > 0 && length < limit; length += n) n = readSync(fd, buffer, length, limit - length, null);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
