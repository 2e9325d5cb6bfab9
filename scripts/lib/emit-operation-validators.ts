/**
 * The mock front's contract checks, precompiled: for every operation of every bundled document, its
 * parameters, request body, declared statuses and each status's headers and body, as standalone Ajv
 * functions in one table (generated/validators/operations.ts). The front then compiles nothing at
 * run time, in Node and in the browser mock alike.
 *
 * A request body that is a model slot (`x-models`) is not compiled again: it becomes a check of the
 * body's shape that hands the input to the per-model validators already in standalone.ts, so the
 * cost here does not grow with the model count.
 */
import addFormats from "ajv-formats";
import standaloneCode from "ajv/dist/standalone/index.js";
import type { ApiSpec } from "./bundle-openapi.js";
import { createAjv, type JsonSchema } from "./json-schema.js";
import type { ModelSpec } from "./load-models.js";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
const BASE = "https://schemas.mindvideo.ai/openapi";

/** Ajv's standalone output `require`s its helpers; these rewrites point it at the generated runtime and at DATE_TIME below. */
const RUNTIME_REWRITES: [RegExp, string][] = [
  [/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, "ucs2length"],
  [/require\("ajv-formats\/dist\/formats"\)\.fullFormats\["date-time"\]/g, "dateTimeFormat"],
  [/require\("ajv-formats\/dist\/formats"\)\.fullFormats\.([a-z-]+)/g, "formats.$1"],
];

/** RFC 3339 date-time, as ajv-formats' "full" date-time checks it (MIT): answers carry timestamps. */
const DATE_TIME = `const dateTimeFormat = (() => {
  const DATE = /^(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)$/;
  const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const TIME = /^(\\d\\d):(\\d\\d):(\\d\\d(?:\\.\\d+)?)(z|([+-])(\\d\\d)(?::?(\\d\\d))?)?$/i;
  const date = (text) => {
    const m = DATE.exec(text);
    if (!m) return false;
    const year = +m[1], month = +m[2], day = +m[3];
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS[month]);
  };
  const time = (text) => {
    const m = TIME.exec(text);
    if (!m) return false;
    const hr = +m[1], min = +m[2], sec = +m[3], sign = m[5] === "-" ? -1 : 1, tzH = +(m[6] || 0), tzM = +(m[7] || 0);
    if (tzH > 23 || tzM > 59 || !m[4]) return false;
    if (hr <= 23 && min <= 59 && sec < 60) return true;
    const utcMin = min - tzM * sign;
    const utcHr = hr - tzH * sign - (utcMin < 0 ? 1 : 0);
    return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
  };
  return { validate: (text) => { const parts = text.split(/t|\\s/i); return parts.length === 2 && date(parts[0]) && time(parts[1]); } };
})();`;

/** Resolves a JSON pointer in the document, following `$ref`s to local components. */
function resolver(document: JsonSchema) {
  // Every step follows a local $ref, so a path may run through a referenced response or header.
  const deref = (value: unknown): JsonSchema => {
    const ref = (value as JsonSchema | undefined)?.$ref;
    return typeof ref === "string" && ref.startsWith("#/") ? resolve(ref.slice(1)) : ((value ?? {}) as JsonSchema);
  };
  const resolve = (pointer: string): JsonSchema => {
    let value: JsonSchema = document;
    for (const part of pointer.split("/").slice(1)) value = deref(value[part.replaceAll("~1", "/").replaceAll("~0", "~")]);
    return value;
  };
  return resolve;
}

const escapePointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

export function emitOperationValidators(apis: readonly ApiSpec[], bundled: ReadonlyMap<string, JsonSchema>, models: readonly ModelSpec[]): string {
  const ajv = createAjv({ standalone: true, openapi: true });
  addFormats.default(ajv, ["date-time"]);
  const exports: Record<string, string> = {};
  /** One export per distinct schema (the same error envelope serves a dozen statuses). */
  const byText = new Map<string, string>();
  const schemaExport = (api: string, schema: JsonSchema): string => {
    const text = JSON.stringify(schema).replace(/"#\/components\/schemas\//g, `"${BASE}/${api}/components.json#/$defs/`);
    let name = byText.get(text);
    if (!name) {
      name = `v${byText.size}`;
      byText.set(text, name);
      ajv.addSchema({ $id: `${BASE}/${api}/${name}.json`, ...(JSON.parse(text) as JsonSchema) });
      exports[name] = `${BASE}/${api}/${name}.json`;
    }
    return name;
  };
  const tables: string[] = [];
  for (const api of apis) {
    const document = bundled.get(api.name)!;
    const resolve = resolver(document);
    const components = ((document.components as JsonSchema | undefined)?.schemas ?? {}) as JsonSchema;
    ajv.addSchema({ $id: `${BASE}/${api.name}/components.json`, $defs: JSON.parse(JSON.stringify(components).replace(/"#\/components\/schemas\//g, '"#/$defs/')) as JsonSchema });
    const slots = new Map(api.slots.map((slot) => [`#/components/schemas/${slot.schemaName}`, slot]));
    const operations: string[] = [];
    for (const [template, item] of Object.entries(document.paths as JsonSchema)) {
      for (const method of METHODS) {
        const op = (item as JsonSchema)[method] as JsonSchema | undefined;
        if (!op) continue;
        const base = `/paths/${escapePointer(template)}/${method}`;
        const parameters = ((op.parameters ?? []) as unknown[]).map((_, i) => {
          const parameter = resolve(`${base}/parameters/${i}`);
          const schema = (parameter.schema ?? {}) as JsonSchema;
          return `{ name: ${JSON.stringify(parameter.name)}, in: ${JSON.stringify(parameter.in)}, required: ${Boolean(parameter.required)}, type: ${JSON.stringify(schema.type)}, validate: ${schemaExport(api.name, schema)} }`;
        });
        let body = "undefined";
        const bodySchema = ((resolve(`${base}/requestBody`).content as JsonSchema | undefined)?.["application/json"] as JsonSchema | undefined)?.schema as JsonSchema | undefined;
        if (bodySchema) {
          const slot = typeof bodySchema.$ref === "string" ? slots.get(bodySchema.$ref) : undefined;
          if (slot) {
            const own = models.filter((m) => m.provider === slot.provider);
            body = `modelBody(${JSON.stringify(slot.shape)}, { ${own.map((m) => `${JSON.stringify(m.slug)}: validate${m.typeName}`).join(", ")} })`;
          } else body = schemaExport(api.name, bodySchema);
        }
        const responses = Object.keys((op.responses ?? {}) as JsonSchema).map((status) => {
          const response = resolve(`${base}/responses/${status}`);
          const headers = Object.keys((response.headers ?? {}) as JsonSchema).map((name) => {
            const header = resolve(`${base}/responses/${status}/headers/${escapePointer(name)}`);
            const schema = (header.schema ?? {}) as JsonSchema;
            return `{ name: ${JSON.stringify(name)}, required: ${Boolean(header.required)}, type: ${JSON.stringify(schema.type)}, validate: ${schemaExport(api.name, schema)} }`;
          });
          const schema = ((response.content as JsonSchema | undefined)?.["application/json"] as JsonSchema | undefined)?.schema as JsonSchema | undefined;
          return `      ${JSON.stringify(status)}: { headers: [${headers.join(", ")}], body: ${schema ? schemaExport(api.name, schema) : "undefined"} },`;
        });
        operations.push(
          [
            `    {`,
            `      method: ${JSON.stringify(method.toUpperCase())}, template: ${JSON.stringify(template)}, operationId: ${JSON.stringify(op.operationId ?? `${method} ${template}`)},`,
            `      parameters: [${parameters.join(", ")}],`,
            `      body: ${body},`,
            `      responses: {`,
            ...responses.map((line) => `  ${line}`),
            `      },`,
            `    },`,
          ].join("\n"),
        );
      }
    }
    tables.push(`  ${JSON.stringify(api.name)}: [\n${operations.join("\n")}\n  ],`);
  }
  let code = Object.keys(exports).length > 0 ? standaloneCode.default(ajv, exports) : '"use strict";';
  for (const [pattern, replacement] of RUNTIME_REWRITES) code = code.replace(pattern, replacement);
  const leftover = code.match(/require\([^)]*\)/);
  if (leftover) throw new Error(`generated operation validators still need ${leftover[0]}; extend the validator runtime`);
  // Standalone code exports every validator; here they are module-private, used by the table only.
  code = code.replace(/^"use strict";/, "").replace(/export const (v\d+) = /g, "const $1 = ");
  const modelImports = models.map((m) => `validate${m.typeName}`);
  return [
    "// @ts-nocheck -- Ajv standalone output, checked by the tests rather than the compiler.",
    'import { formats, ucs2length } from "./runtime.js";',
    ...(modelImports.length > 0 ? [`import { ${modelImports.join(", ")} } from "./standalone.js";`] : []),
    DATE_TIME,
    code,
    "",
    MODEL_BODY,
    "",
    "/** Every operation of each bundled document, with its precompiled checks (see src/simulator/contract.ts). */",
    "export const operationTables = {",
    ...tables,
    "};",
    "",
  ].join("\n");
}

/**
 * A model slot's body: `{ model, input }` (envelope) or `{ model, ...input }` (flat), the input
 * checked by that model's own validator. Errors in Ajv's shape, paths from the body's root.
 */
const MODEL_BODY = `function modelBody(shape, byModel) {
  const check = function (body) {
    const fail = (errors) => ((check.errors = errors), false);
    if (!body || typeof body !== "object" || Array.isArray(body)) return fail([{ instancePath: "", schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" }]);
    for (const key of ["model", ...(shape === "envelope" ? ["input"] : [])]) {
      if (!Object.hasOwn(body, key)) return fail([{ instancePath: "", schemaPath: "#/required", keyword: "required", params: { missingProperty: key }, message: \`must have required property '\${key}'\` }]);
    }
    if (typeof body.model !== "string" || !Object.hasOwn(byModel, body.model)) return fail([{ instancePath: "/model", schemaPath: "#/properties/model/enum", keyword: "enum", params: { allowedValues: Object.keys(byModel) }, message: "must be equal to one of the allowed values" }]);
    if (shape === "envelope") {
      const extra = Object.keys(body).find((key) => key !== "model" && key !== "input");
      if (extra !== undefined) return fail([{ instancePath: "", schemaPath: "#/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: extra }, message: "must NOT have additional properties" }]);
    }
    const { model, ...rest } = body;
    const validate = byModel[model];
    const input = shape === "envelope" ? body.input : rest;
    if (validate(input)) return ((check.errors = null), true);
    const prefix = shape === "envelope" ? "/input" : "";
    return fail((validate.errors ?? []).map((error) => ({ ...error, instancePath: prefix + error.instancePath })));
  };
  return check;
}`;
