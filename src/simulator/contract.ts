/**
 * The contract as executable checks: operations of a bundled OpenAPI document (generated/openapi),
 * matched by method and path, with Ajv validators for parameters, bodies, statuses and headers.
 * Web-standard: the document is passed in, so browsers and workers can use it too.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type Json = Record<string, any>;

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  validate: ValidateFunction;
  type: string | undefined;
}

export interface Operation {
  method: string;
  template: string;
  operationId: string;
  parameters: Parameter[];
  body: ValidateFunction | undefined;
  statuses: string[];
  pattern: RegExp;
  pathParams: string[];
}

export interface Contract {
  name: string;
  operations: Operation[];
  /** The operation for a method and a raw (still percent-encoded) path; `pathOnly` when only the method is wrong. */
  match(method: string, pathname: string): { operation: Operation; rawParams: Record<string, string> } | { operation: undefined; pathOnly: boolean };
  /** Problems of a response against its operation: undeclared status, body or header schema. */
  checkResponse(operation: Operation, status: number, header: (name: string) => string | null, body: unknown): string[];
}

const escapePointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** One readable line per Ajv error: `input.duration must be <= 12`. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, root: string): string {
  const lines = (errors ?? []).map((e) => {
      const where = `${root}${e.instancePath.replaceAll("/", ".")}`;
      if (e.keyword === "additionalProperties") return `${where} has an unknown property ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`;
      if (e.keyword === "required") return `${where} is missing ${JSON.stringify((e.params as { missingProperty: string }).missingProperty)}`;
      if (e.keyword === "enum") return `${where} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
      return `${where} ${e.message ?? "is invalid"}`;
    });
  return [...new Set(lines)].slice(0, 3).join("; ");
}

export function createContract(name: string, document: Json): Contract {
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats.default(ajv);
  ajv.addSchema(document, name);
  const resolve = (pointer: string): { pointer: string; value: Json } => {
    let value: any = document;
    for (const part of pointer.split("/").slice(1)) value = value?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
    if (value && typeof value.$ref === "string" && value.$ref.startsWith("#/")) return resolve(value.$ref.slice(1));
    return { pointer, value };
  };
  const validator = (pointer: string): ValidateFunction => {
    const found = ajv.getSchema(`${name}#${pointer}`);
    if (!found) throw new Error(`no schema at ${name}#${pointer}`);
    return found;
  };
  const responseCache = new Map<string, { headers: { name: string; required: boolean; validate: ValidateFunction; type: string | undefined }[]; body: ValidateFunction | undefined }>();

  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths as Json)) {
    for (const method of METHODS) {
      const op = (item as Json)[method];
      if (!op) continue;
      const base = `/paths/${escapePointer(template)}/${method}`;
      const parameters: Parameter[] = ((op.parameters ?? []) as Json[]).map((_, i) => {
        const { pointer, value } = resolve(`${base}/parameters/${i}`);
        return { name: value.name, in: value.in, required: Boolean(value.required), validate: validator(`${pointer}/schema`), type: value.schema?.type };
      });
      let body: ValidateFunction | undefined;
      if (op.requestBody) {
        const { pointer, value } = resolve(`${base}/requestBody`);
        if (value.content?.["application/json"]?.schema) body = validator(`${pointer}/content/application~1json/schema`);
      }
      const pathParams = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "([^/]+)")}$`);
      operations.push({ method: method.toUpperCase(), template, operationId: op.operationId ?? `${method} ${template}`, parameters, body, statuses: Object.keys(op.responses ?? {}), pattern, pathParams });
    }
  }

  function responseChecks(operation: Operation, status: string) {
    const key = `${operation.method} ${operation.template} ${status}`;
    let cached = responseCache.get(key);
    if (!cached) {
      const { pointer, value } = resolve(`/paths/${escapePointer(operation.template)}/${operation.method.toLowerCase()}/responses/${status}`);
      const headers = Object.keys(value.headers ?? {}).map((header) => {
        const resolved = resolve(`${pointer}/headers/${escapePointer(header)}`);
        return { name: header, required: Boolean(resolved.value.required), validate: validator(`${resolved.pointer}/schema`), type: resolved.value.schema?.type as string | undefined };
      });
      cached = { headers, body: value.content?.["application/json"]?.schema ? validator(`${pointer}/content/application~1json/schema`) : undefined };
      responseCache.set(key, cached);
    }
    return cached;
  }

  return {
    name,
    operations,
    match(method, pathname) {
      let pathOnly = false;
      for (const operation of operations) {
        const m = operation.pattern.exec(pathname);
        if (!m) continue;
        if (operation.method !== method) {
          pathOnly = true;
          continue;
        }
        const rawParams: Record<string, string> = {};
        operation.pathParams.forEach((param, i) => (rawParams[param] = m[i + 1]!));
        return { operation, rawParams };
      }
      return { operation: undefined, pathOnly };
    },
    checkResponse(operation, status, header, body) {
      const declared = operation.statuses.includes(String(status)) ? String(status) : operation.statuses.includes(`${String(status)[0]}XX`) ? `${String(status)[0]}XX` : undefined;
      if (!declared) return [`status ${status} is not declared for ${operation.method} ${operation.template}`];
      const checks = responseChecks(operation, declared);
      const problems: string[] = [];
      for (const check of checks.headers) {
        const raw = header(check.name);
        if (raw === null) {
          if (check.required) problems.push(`header ${check.name} is missing`);
          continue;
        }
        const value = check.type === "integer" || check.type === "number" ? (/^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw) : check.type === "boolean" ? (raw === "true" ? true : raw === "false" ? false : raw) : raw;
        if (!check.validate(value)) problems.push(`header ${check.name}: ${describeAjvErrors(check.validate.errors, "value")}`);
      }
      if (checks.body) {
        if (body === undefined) problems.push("body is not JSON");
        else if (!checks.body(body)) problems.push(`body: ${describeAjvErrors(checks.body.errors, "body")}`);
      }
      return problems;
    },
  };
}
