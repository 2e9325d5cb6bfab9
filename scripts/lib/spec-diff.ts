/**
 * What a spec change does to existing callers: every difference between two versions of spec/,
 * per model and per operation, classified as breaking, non-breaking or docs only.
 * Request side (what callers send): anything that can make a valid call invalid is breaking.
 * Response side (what callers read): anything a caller may not expect is breaking.
 */
import { bundleApi, loadApis } from "./bundle-openapi.js";
import { isObject, type JsonSchema, RULE_KEYWORDS } from "./json-schema.js";
import { loadModels, type ModelSpec } from "./load-models.js";

export type ChangeClass = "breaking" | "non-breaking" | "docs";
export type Side = "request" | "response";

export interface Change {
  /** `model mindvideo/doubao-seedance-2-0-fast` or `operation mindvideo createTask`. */
  scope: string;
  /** Where, e.g. `input.resolution` or `responses.200.status`. */
  path: string;
  rule: string;
  class: ChangeClass;
  detail: string;
}

const DOC_KEYWORDS = new Set(["title", "description", "examples", "example", "x-playground", "x-tags", "x-model", "summary", "$comment"]);
const json = (value: unknown) => JSON.stringify(value);

/** Compares two schemas of one side; `path` names where they sit. */
export function compareSchemas(before: unknown, after: unknown, side: Side, scope: string, path: string): Change[] {
  const changes: Change[] = [];
  const add = (rule: string, klass: ChangeClass, detail: string, at = path) => changes.push({ scope, path: at, rule, class: klass, detail });
  if (!isObject(before) || !isObject(after)) {
    if (json(before) !== json(after)) add("schema changed", "breaking", `${json(before)} → ${json(after)}`);
    return changes;
  }
  const request = side === "request";

  if (json(typesOf(before)) !== json(typesOf(after)) && (before.type !== undefined || after.type !== undefined)) {
    add("type changed", "breaking", `${typesOf(before).join("|") || "any"} → ${typesOf(after).join("|") || "any"}`);
  }

  const enumBefore = Array.isArray(before.enum) ? before.enum.map(json) : undefined;
  const enumAfter = Array.isArray(after.enum) ? after.enum.map(json) : undefined;
  if (enumBefore && enumAfter) {
    for (const value of enumBefore.filter((v) => !enumAfter.includes(v))) add("enum value removed", request ? "breaking" : "non-breaking", `${value} is no longer allowed`);
    for (const value of enumAfter.filter((v) => !enumBefore.includes(v))) add("enum value added", request ? "non-breaking" : "breaking", `${value} is new`);
  } else if (!enumBefore && enumAfter) {
    add("enum added", request ? "breaking" : "non-breaking", `values limited to ${enumAfter.join(", ")}`);
  } else if (enumBefore && !enumAfter) {
    add("enum removed", request ? "non-breaking" : "breaking", "any value now allowed");
  }

  if (json(before.const) !== json(after.const)) {
    add(before.const === undefined ? "const added" : after.const === undefined ? "const removed" : "const changed", after.const === undefined && request ? "non-breaking" : "breaking", `${json(before.const)} → ${json(after.const)}`);
  }

  // Bounds: on the request side a narrower range breaks callers; on the response side, a wider one.
  const bound = (keyword: string, upper: boolean) => {
    const [b, a] = [before[keyword], after[keyword]];
    if (b === a) return;
    const narrower = a !== undefined && (b === undefined || (upper ? (a as number) < (b as number) : (a as number) > (b as number)));
    const rule = `${keyword} ${b === undefined ? "added" : a === undefined ? "removed" : upper ? ((a as number) < (b as number) ? "lowered" : "raised") : (a as number) > (b as number) ? "raised" : "lowered"}`;
    add(rule, narrower === request ? "breaking" : "non-breaking", `${b ?? "none"} → ${a ?? "none"}`);
  };
  for (const keyword of ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"]) bound(keyword, true);
  for (const keyword of ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"]) bound(keyword, false);

  if (before.pattern !== after.pattern) add(before.pattern === undefined ? "pattern added" : after.pattern === undefined ? "pattern removed" : "pattern changed", after.pattern === undefined && request ? "non-breaking" : "breaking", `${before.pattern ?? "none"} → ${after.pattern ?? "none"}`);
  if (before.format !== after.format) add("format changed", after.format === undefined && request ? "non-breaking" : "breaking", `${before.format ?? "none"} → ${after.format ?? "none"}`);
  if (json(before.default) !== json(after.default)) add("default changed", request ? "breaking" : "non-breaking", `${json(before.default) ?? "none"} → ${json(after.default) ?? "none"} (callers that omit the field get a different result)`);
  if (before["x-output"] !== after["x-output"]) add("output kind changed", "breaking", `${before["x-output"]} → ${after["x-output"]}`);

  const openness = (s: JsonSchema) => (s.additionalProperties === false ? 0 : isObject(s.additionalProperties) ? 1 : 2);
  if (openness(before) !== openness(after) && (before.type === "object" || after.type === "object")) {
    const tightened = openness(after) < openness(before);
    add(`additionalProperties ${tightened ? "tightened" : "loosened"}`, tightened === request ? "breaking" : "non-breaking", `${json(before.additionalProperties) ?? "allowed"} → ${json(after.additionalProperties) ?? "allowed"}`);
  }

  changes.push(...compareProperties(before, after, side, scope, path));
  if (isObject(before.items) || isObject(after.items)) changes.push(...compareSchemas(before.items ?? {}, after.items ?? {}, side, scope, `${path}[]`));

  for (const keyword of RULE_KEYWORDS) {
    if (json(before[keyword]) === json(after[keyword])) continue;
    const [b, a] = [asList(before[keyword]), asList(after[keyword])];
    const added = a.filter((x) => !b.includes(x));
    const removed = b.filter((x) => !a.includes(x));
    const name = (rule: string) => (/x-rule/.test(rule) ? JSON.parse(rule)["x-rule"] : rule.length > 80 ? `${rule.slice(0, 80)}…` : rule);
    for (const rule of added) add("cross-field rule added", request ? "breaking" : "non-breaking", `${keyword}: ${name(rule)}`);
    for (const rule of removed) add("cross-field rule removed", request ? "non-breaking" : "breaking", `${keyword}: ${name(rule)}`);
  }

  const docs = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => DOC_KEYWORDS.has(k) && json(before[k]) !== json(after[k]));
  if (docs.length > 0) add("documentation changed", "docs", docs.join(", "));
  return changes;
}

function compareProperties(before: JsonSchema, after: JsonSchema, side: Side, scope: string, path: string): Change[] {
  const changes: Change[] = [];
  const [pb, pa] = [(before.properties ?? {}) as JsonSchema, (after.properties ?? {}) as JsonSchema];
  const [rb, ra] = [new Set<string>((before.required as string[]) ?? []), new Set<string>((after.required as string[]) ?? [])];
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const add = (key: string, rule: string, klass: ChangeClass, detail: string) => changes.push({ scope, path: at(key), rule, class: klass, detail });
  const request = side === "request";
  for (const key of Object.keys(pb)) {
    if (!(key in pa)) {
      if (request) add(key, "property removed", "breaking", "callers that send it are now refused");
      else add(key, rb.has(key) ? "required property removed" : "optional property removed", rb.has(key) ? "breaking" : "non-breaking", "no longer returned");
      continue;
    }
    if (!rb.has(key) && ra.has(key)) add(key, "property became required", request ? "breaking" : "non-breaking", "now required");
    if (rb.has(key) && !ra.has(key)) add(key, request ? "property became optional" : "required property made optional", request ? "non-breaking" : "breaking", "now optional");
    changes.push(...compareSchemas(pb[key], pa[key], side, scope, at(key)));
  }
  for (const key of Object.keys(pa)) {
    if (key in pb) continue;
    if (ra.has(key)) add(key, request ? "new required property" : "new required property", request ? "breaking" : "non-breaking", "callers must now send it");
    else add(key, "new optional property", "non-breaking", "added");
  }
  return changes;
}

function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  return (Array.isArray(type) ? type : type === undefined ? [] : [type]).map(String).sort();
}

function asList(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(json);
}

/** Differences between two versions of spec/ (each a directory shaped like spec/). */
export function diffSpecs(beforeDir: string, afterDir: string): Change[] {
  const load = (dir: string) => {
    const apis = loadApis(dir);
    const providers = [...new Set(apis.flatMap((api) => api.slots.map((slot) => slot.provider)))].sort();
    const models = loadModels(providers, `${dir}/models`);
    return { apis, models, bundles: new Map(apis.map((api) => [api.name, bundleApi(api, models)])) };
  };
  const before = load(beforeDir);
  const after = load(afterDir);
  return [...diffModels(before.models, after.models), ...diffOperations(before.bundles, after.bundles)];
}

function diffModels(before: ModelSpec[], after: ModelSpec[]): Change[] {
  const changes: Change[] = [];
  const key = (m: ModelSpec) => `${m.provider}/${m.slug}`;
  const afterByKey = new Map(after.map((m) => [key(m), m]));
  const beforeKeys = new Set(before.map(key));
  for (const model of before) {
    const next = afterByKey.get(key(model));
    if (!next) changes.push({ scope: `model ${key(model)}`, path: "", rule: "model removed", class: "breaking", detail: "calls naming it are refused" });
    else changes.push(...compareSchemas(model.schema, next.schema, "request", `model ${key(model)}`, "input"));
  }
  for (const model of after) {
    if (!beforeKeys.has(key(model))) changes.push({ scope: `model ${key(model)}`, path: "", rule: "model added", class: "non-breaking", detail: model.title });
  }
  return changes;
}

type Operation = { api: string; id: string; operation: JsonSchema; document: JsonSchema };

function operations(bundles: Map<string, JsonSchema>): Map<string, Operation> {
  const found = new Map<string, Operation>();
  for (const [api, document] of bundles) {
    for (const [route, item] of Object.entries(document.paths as JsonSchema)) {
      for (const [method, operation] of Object.entries(item as JsonSchema)) {
        if (!isObject(operation) || !isObject(operation.responses)) continue;
        found.set(`${api} ${method.toUpperCase()} ${route}`, { api, id: String(operation.operationId ?? `${method} ${route}`), operation, document });
      }
    }
  }
  return found;
}

/** Inlines internal $refs (cycle-safe) so schemas compare by content, not by reference. */
export function resolve(value: unknown, document: JsonSchema, seen: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, document, seen));
  if (!isObject(value)) return value;
  if (typeof value.$ref === "string" && value.$ref.startsWith("#/")) {
    if (seen.includes(value.$ref)) return { $ref: value.$ref };
    const target = value.$ref.slice(2).split("/").reduce<unknown>((node, part) => (isObject(node) ? node[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), document);
    const { $ref: _ref, ...siblings } = value;
    return resolve({ ...(target as object), ...siblings }, document, [...seen, value.$ref]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, document, seen)]));
}

function diffOperations(beforeBundles: Map<string, JsonSchema>, afterBundles: Map<string, JsonSchema>): Change[] {
  const changes: Change[] = [];
  const [before, after] = [operations(beforeBundles), operations(afterBundles)];
  for (const [api, document] of beforeBundles) {
    const next = afterBundles.get(api);
    const fields = ["info", "servers", "tags", "jsonSchemaDialect"].filter((k) => next && json(document[k]) !== json(next[k]));
    if (fields.includes("servers")) changes.push({ scope: `api ${api}`, path: "servers", rule: "server changed", class: "breaking", detail: "clients using the default base URL call elsewhere" });
    const prose = fields.filter((k) => k !== "servers");
    if (prose.length > 0) changes.push({ scope: `api ${api}`, path: "", rule: "documentation changed", class: "docs", detail: prose.join(", ") });
  }
  for (const [name, op] of before) {
    const scope = `operation ${op.api} ${op.id}`;
    const next = after.get(name);
    if (!next) {
      changes.push({ scope, path: name, rule: "operation removed", class: "breaking", detail: "calls to it fail" });
      continue;
    }
    const prose = ["summary", "description", "tags"].filter((k) => json(op.operation[k]) !== json(next.operation[k]));
    if (prose.length > 0) changes.push({ scope, path: "", rule: "documentation changed", class: "docs", detail: prose.join(", ") });
    const [rb, ra] = [op.operation.responses as JsonSchema, next.operation.responses as JsonSchema];
    for (const status of Object.keys(rb)) {
      if (!(status in ra)) changes.push({ scope, path: `responses.${status}`, rule: "status removed", class: "breaking", detail: `${status} is no longer declared` });
      else {
        const schemaOf = (responses: JsonSchema, document: JsonSchema) => {
          const response = resolve(responses[status], document) as JsonSchema;
          return ((response.content as JsonSchema | undefined)?.["application/json"] as JsonSchema | undefined)?.schema;
        };
        const headersOf = (responses: JsonSchema, document: JsonSchema) => Object.keys(((resolve(responses[status], document) as JsonSchema).headers ?? {}) as JsonSchema);
        const [hb, ha] = [headersOf(rb, op.document), headersOf(ra, next.document)];
        for (const header of ha.filter((h) => !hb.includes(h))) changes.push({ scope, path: `responses.${status}.headers.${header}`, rule: "response header added", class: "non-breaking", detail: "new" });
        for (const header of hb.filter((h) => !ha.includes(h))) changes.push({ scope, path: `responses.${status}.headers.${header}`, rule: "response header removed", class: "breaking", detail: "callers reading it get nothing" });
        const [sb, sa] = [schemaOf(rb, op.document), schemaOf(ra, next.document)];
        if (sb !== undefined || sa !== undefined) changes.push(...compareSchemas(sb ?? {}, sa ?? {}, "response", scope, `responses.${status}`));
      }
    }
    for (const status of Object.keys(ra)) if (!(status in rb)) changes.push({ scope, path: `responses.${status}`, rule: "status added", class: "non-breaking", detail: `${status} is now declared` });
    // Request parameters (query, header, path) follow the request-side rules; bodies are compared per model.
    const params = (o: Operation) => new Map(((resolve(o.operation.parameters ?? [], o.document) as JsonSchema[]) ?? []).map((p) => [`${p.in}.${p.name}`, p]));
    const [pb, pa] = [params(op), params(next)];
    for (const [key, param] of pa) {
      const old = pb.get(key);
      if (!old) changes.push({ scope, path: `parameters.${key}`, rule: param.required ? "new required parameter" : "new optional parameter", class: param.required ? "breaking" : "non-breaking", detail: "added" });
      else {
        if (!old.required && param.required) changes.push({ scope, path: `parameters.${key}`, rule: "parameter became required", class: "breaking", detail: "now required" });
        changes.push(...compareSchemas(old.schema ?? {}, param.schema ?? {}, "request", scope, `parameters.${key}`));
      }
    }
    for (const key of pb.keys()) if (!pa.has(key)) changes.push({ scope, path: `parameters.${key}`, rule: "parameter removed", class: "non-breaking", detail: "no longer read" });
  }
  for (const [name, op] of after) if (!before.has(name)) changes.push({ scope: `operation ${op.api} ${op.id}`, path: name, rule: "operation added", class: "non-breaking", detail: "new" });
  return changes;
}

export function semverBump(changes: readonly Change[]): "major" | "minor" | "patch" | "none" {
  if (changes.some((c) => c.class === "breaking")) return "major";
  if (changes.some((c) => c.class === "non-breaking")) return "minor";
  return changes.length > 0 ? "patch" : "none";
}

export function summaryLine(changes: readonly Change[]): string {
  const count = (k: ChangeClass) => changes.filter((c) => c.class === k).length;
  return `${count("breaking")} breaking, ${count("non-breaking")} non-breaking, ${count("docs")} docs-only change(s); semver: ${semverBump(changes)}`;
}

export function markdownReport(changes: readonly Change[], base: string): string {
  const order: ChangeClass[] = ["breaking", "non-breaking", "docs"];
  const sorted = [...changes].sort((a, b) => order.indexOf(a.class) - order.indexOf(b.class) || a.scope.localeCompare(b.scope) || a.path.localeCompare(b.path));
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [
    `## Spec changes since ${base}`,
    "",
    summaryLine(changes),
    "",
    ...(changes.length === 0
      ? ["No changes."]
      : ["| class | scope | where | change | detail |", "| --- | --- | --- | --- | --- |", ...sorted.map((c) => `| ${c.class} | ${cell(c.scope)} | ${cell(c.path || "—")} | ${c.rule} | ${cell(c.detail)} |`)]),
    "",
  ].join("\n");
}
