/** Every (operation, status) pair the bundled documents declare, for coverage checks. */
import { bundledDocument, type ApiName } from "../helpers/openapi.js";

export function declaredPairs(api: ApiName): string[] {
  const doc = bundledDocument(api);
  const pairs: string[] = [];
  for (const pathItem of Object.values(doc.paths as Record<string, Record<string, any>>)) {
    for (const operation of Object.values(pathItem)) {
      if (!operation?.operationId) continue;
      for (const status of Object.keys(operation.responses)) pairs.push(`${operation.operationId} ${status}`);
    }
  }
  return pairs.sort();
}
