/**
 * The contract as executable checks: the operations of a bundled OpenAPI document, matched by method
 * and path, with validators for parameters, bodies, statuses and headers. The validators are
 * precompiled by `npm run generate` (generated/validators/operations.ts), so nothing is compiled at
 * run time and no schema compiler ships with the mock. Web-standard.
 */

/** One problem a validator found, in Ajv's shape. */
export interface ValidationError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string | undefined;
}

/** A precompiled validator: whether `data` is valid, the problems left on `errors`. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ValidationError[] | null | undefined;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  validate: Validator;
  type: string | undefined;
}

export interface HeaderCheck {
  name: string;
  required: boolean;
  validate: Validator;
  type: string | undefined;
}

/** One operation as `npm run generate` emits it. */
export interface OperationSpec {
  method: string;
  template: string;
  operationId: string;
  parameters: readonly Parameter[];
  body: Validator | undefined;
  /** Each declared status (`200`, `4XX`): its headers and its JSON body's validator. */
  responses: Readonly<Record<string, { headers: readonly HeaderCheck[]; body: Validator | undefined }>>;
}

export interface Operation extends OperationSpec {
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


/** One readable line per Ajv error: `input.duration must be <= 12`. */
export function describeAjvErrors(errors: readonly ValidationError[] | null | undefined, root: string): string {
  const lines = (errors ?? []).map((e) => {
      const where = `${root}${e.instancePath.replaceAll("/", ".")}`;
      if (e.keyword === "additionalProperties") return `${where} has an unknown property ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`;
      if (e.keyword === "required") return `${where} is missing ${JSON.stringify((e.params as { missingProperty: string }).missingProperty)}`;
      if (e.keyword === "enum") return `${where} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
      return `${where} ${e.message ?? "is invalid"}`;
    });
  return [...new Set(lines)].slice(0, 3).join("; ");
}

export function createContract(name: string, specs: readonly OperationSpec[]): Contract {
  const operations: Operation[] = specs.map((spec) => ({
    ...spec,
    statuses: Object.keys(spec.responses),
    pathParams: [...spec.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
    pattern: new RegExp(`^${spec.template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "([^/]+)")}$`),
  }));
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
      const checks = operation.responses[declared]!;
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
