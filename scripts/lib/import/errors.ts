/** A page the importer cannot turn into a model file: every missing part, so one run names them all. */
export class PageImportError extends Error {
  constructor(
    readonly page: string,
    readonly missing: string[],
  ) {
    super(`${page}: cannot import: ${missing.join("; ")}. Nothing was written.`);
    this.name = "PageImportError";
  }
}
