/** vitest's JSON report as one plain closing line: "tests: N passed, N failed, N skipped". */
export interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

export function summaryLine(report: VitestJsonReport): string {
  return `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`;
}
