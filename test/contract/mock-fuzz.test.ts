/**
 * Differential fuzzing of the mock: the same generated requests (valid, single-rule mutations,
 * malformed JSON, wrong content types, bad percent-escapes, chunked, oversize, unicode, deep nesting,
 * parameter and header abuse) go to the static front (over the global setup's Prism) and to the
 * stateful front (over the simulator). For every answer: the status is declared for the operation,
 * the body and declared headers validate against the bundled documents (checked here with a
 * separate Ajv, not the front's), static and stateful give the same verdict, the client's validator
 * agrees with both, and every process still answers at the end.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { models, type ModelSlug } from "../../generated/models/registry.js";
import { serveIncoming, serveWeb, type WebServer } from "../../scripts/lib/serve-web.js";
import { validateInput } from "../../src/index.js";
import { createFront } from "../../src/simulator/front.js";
import { createSimulator, MAX_BODY_BYTES } from "../../src/simulator/index.js";
import { bundledDocument, type ApiName } from "../helpers/openapi.js";
import { rawRequest, type RawAnswer } from "../helpers/raw-http.js";
import { mutationArbitrary, objectArbitrary } from "../helpers/schema-arbitrary.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

interface FuzzRequest {
  kind: string;
  api: ApiName;
  method: string;
  path: string;
  headers: Record<string, string>;
  chunks: (string | Buffer)[];
  /** For create requests with a JSON object body: the model and input the client's validator sees. */
  clientCheck?: { model: string; input: unknown; topLevelOk: boolean } | undefined;
}

const MIN_PER_MODE = 500;
const servers: Record<"static" | "stateful", Record<ApiName, WebServer>> = { static: {} as never, stateful: {} as never };

beforeAll(async () => {
  const simulator = createSimulator({ timing: { queuedMs: 50, processingMs: 200 } });
  const prism: Record<ApiName, string> = { mindvideo: inject("prismMindVideoUrl"), gateway: inject("prismGatewayUrl") };
  for (const api of ["mindvideo", "gateway"] as const) {
    const toPrism = async (request: Request) => {
      const url = new URL(request.url);
      const body = request.method === "GET" ? undefined : await request.text();
      return fetch(`${prism[api]}${url.pathname}${url.search}`, { method: request.method, headers: request.headers, ...(body === undefined ? {} : { body }) });
    };
    // Static: the web path (Request → Response); stateful: the Node server's fast path, as the mock runs it.
    servers.static[api] = await serveWeb(createFront({ api, upstream: toPrism }).handle, 0);
    servers.stateful[api] = await serveIncoming(createFront({ api, simulator }).answer, 0);
  }
}, 60_000);
afterAll(() => Promise.all(Object.values(servers).flatMap((s) => Object.values(s).map((server) => server?.stop()))));

// ---- generation ---------------------------------------------------------------------------------

const AUTH = { authorization: "Bearer fuzz_key" };
const JSON_TYPE = { "content-type": "application/json" };
const createPath = (api: ApiName) => (api === "gateway" ? "/v1/videos/generations" : "/api/v1/tasks");
const bodyOf = (api: ApiName, model: string, input: unknown) => (api === "gateway" ? { model, ...(input as object) } : { model, input });
const slugs = Object.keys(models) as ModelSlug[];

function createRequest(kind: string, slug: ModelSlug, input: unknown, extra: Partial<FuzzRequest> = {}, chunked = false): FuzzRequest {
  const api = models[slug].provider as ApiName;
  const text = JSON.stringify(bodyOf(api, slug, input));
  return {
    kind,
    api,
    method: "POST",
    path: createPath(api),
    headers: { ...AUTH, ...JSON_TYPE, ...(chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(Buffer.byteLength(text)) }) },
    chunks: chunked ? [text.slice(0, Math.ceil(text.length / 3)), text.slice(Math.ceil(text.length / 3))] : [text],
    clientCheck: { model: slug, input, topLevelOk: true },
    ...extra,
  };
}

function generate(): FuzzRequest[] {
  const requests: FuzzRequest[] = [];
  slugs.forEach((slug, n) => {
    const schema = models[slug].schema;
    const api = models[slug].provider as ApiName;
    const valid = fc.sample(objectArbitrary(schema), { numRuns: 35, seed: 1000 + n });
    valid.forEach((input) => requests.push(createRequest("valid", slug, input)));
    fc.sample(mutationArbitrary(schema), { numRuns: 35, seed: 2000 + n }).forEach(({ rule, input }) => requests.push(createRequest(`mutation ${rule}`, slug, input)));
    valid.slice(0, 8).forEach((input, i) => requests.push(createRequest("chunked", slug, i % 2 ? input : { ...input, [`unknown_${i}`]: 1 }, {}, true)));
    const base = JSON.stringify(bodyOf(api, slug, valid[0]));
    const send = (kind: string, body: string | Buffer, headers: Record<string, string> = JSON_TYPE) => requests.push({ kind, api, method: "POST", path: createPath(api), headers: { ...AUTH, ...headers }, chunks: [body] });
    // Malformed JSON: truncations, trailing comma, single quotes, BOM, NaN.
    for (const cut of [1, 5, 10, base.length - 1]) send("malformed json", base.slice(0, cut));
    send("malformed json", base.replace(/}$/, ",}"));
    send("malformed json", base.replaceAll('"', "'"));
    send("malformed json", `\uFEFF${base}`);
    send("malformed json", "NaN");
    send("malformed json", "");
    // Not an object / unknown top-level fields.
    for (const body of ['"a string"', "[]", "null", "42", JSON.stringify({ ...JSON.parse(base), extra_top_level: true })]) send("top-level shape", body);
    // Wrong content types.
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-16", "application/jsonp", "multipart/form-data; boundary=x"]) send("content type", base, { "content-type": type });
    send("content type", base, {});
    // Unicode in the prompt (valid JSON, odd text), and lone surrogates escaped in JSON.
    for (const prompt of ["🎬 дождь 雨 مطر", "a\u0000b", "\\ud800 lone", "\u202Eright-to-left", "é".repeat(300)]) requests.push(createRequest("unicode", slug, { ...valid[0], prompt }));
    send("unicode", base.replace(/"prompt":"[^"]*"/, '"prompt":"\\ud800\\udc00 ok \\ud800"'));
    // Deep nesting.
    for (const depth of [40, 1_000, 10_000]) send("deep nesting", `${"[".repeat(depth)}${"]".repeat(depth)}`);
    send("deep nesting", JSON.stringify(bodyOf(api, slug, { ...valid[0], prompt: JSON.parse(`${"[".repeat(50)}1${"]".repeat(50)}`) })));
    // Oversize.
    send("oversize", Buffer.alloc(MAX_BODY_BYTES + 1024, " "));
    requests.push({ ...createRequest("oversize chunked", slug, valid[0], {}, true), chunks: [base.slice(0, -1), `,"pad":"${"x".repeat(MAX_BODY_BYTES)}"}`], clientCheck: undefined });
    // No or malformed authorization.
    for (const authorization of [undefined, "Basic abc", "Bearer"]) requests.push({ ...createRequest("auth", slug, valid[0]), headers: { ...JSON_TYPE, ...(authorization ? { authorization } : {}) }, clientCheck: undefined });
    // Idempotency keys (MindVideo declares the header).
    if (api === "mindvideo") {
      // Unique per request (a reused key with another body is a legitimate 409 in stateful mode only).
      for (const [i, length] of [1, 2, 255, 256, 1_000].entries()) {
        const r = createRequest("idempotency key", slug, valid[0]);
        const key = `${String.fromCharCode(97 + n * 5 + i)}${"k: /".repeat(length)}`.slice(0, length);
        requests.push({ ...r, headers: { ...r.headers, "idempotency-key": key }, clientCheck: undefined });
      }
    }
  });
  // Task lookups: bad percent-escapes, odd ids, events paging parameters.
  const ids = ["%E0%A4%A", "%", "abc%zz", "%00", "%2F", "task%20x", "t".repeat(300), "%F0%9F%8E%AC", "..", "task_demo_model"];
  for (const id of ids) {
    requests.push({ kind: "percent escapes", api: "mindvideo", method: "GET", path: `/api/v1/tasks/${id}`, headers: AUTH, chunks: [] });
    requests.push({ kind: "percent escapes", api: "mindvideo", method: "GET", path: `/api/v1/tasks/${id}/events`, headers: AUTH, chunks: [] });
    requests.push({ kind: "percent escapes", api: "gateway", method: "GET", path: `/v1/tasks/${id}`, headers: AUTH, chunks: [] });
  }
  for (const query of ["limit=0", "limit=-1", "limit=101", "limit=1.5", "limit=abc", "limit=1", "limit=100", "limit=", "limit=1&limit=2", "after=", "after=evt_x", "limit=1e1", "%zz=1"]) {
    requests.push({ kind: "query", api: "mindvideo", method: "GET", path: `/api/v1/tasks/task_demo_model/events?${query}`, headers: AUTH, chunks: [] });
  }
  for (const [api, method, path] of [["mindvideo", "GET", "/api/v1/tasks"], ["mindvideo", "DELETE", "/api/v1/tasks/x"], ["gateway", "POST", "/v1/tasks/x"], ["gateway", "GET", "/v1/models"], ["mindvideo", "GET", "/"], ["gateway", "GET", "/%"], ["mindvideo", "GET", "/api/v1/tasks/a/b/c"]] as const) {
    requests.push({ kind: "unknown route", api, method, path, headers: AUTH, chunks: [] });
  }
  return requests;
}

// ---- checks (independent of the front's own checker) ----------------------------------------------

const ajvByApi = new Map<ApiName, Ajv2020>();
function schemaAt(api: ApiName, pointer: string) {
  let ajv = ajvByApi.get(api);
  if (!ajv) {
    ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema(bundledDocument(api), api);
    ajvByApi.set(api, ajv);
  }
  return ajv.getSchema(`${api}#${pointer}`)!;
}
const docs = { mindvideo: bundledDocument("mindvideo"), gateway: bundledDocument("gateway") };
const esc = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");

function operationFor(r: FuzzRequest): { template: string; op: Record<string, any> } | undefined {
  const pathname = r.path.split("?")[0]!;
  for (const [template, item] of Object.entries(docs[r.api].paths as Record<string, Record<string, any>>)) {
    if (new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(pathname) && item[r.method.toLowerCase()]) return { template, op: item[r.method.toLowerCase()] };
  }
  return undefined;
}

function contractProblems(r: FuzzRequest, answer: RawAnswer): string[] {
  const found = operationFor(r);
  if (!found) return answer.status === 404 ? [] : [`unknown route answered ${answer.status}`];
  const status = String(answer.status);
  if (!(status in found.op.responses)) return [`status ${status} not declared`];
  let pointer = `/paths/${esc(found.template)}/${r.method.toLowerCase()}/responses/${status}`;
  let response = found.op.responses[status];
  if (response.$ref) {
    pointer = response.$ref.slice(1);
    response = pointer.split("/").slice(1).reduce((o: any, k: string) => o[k], docs[r.api]);
  }
  const problems: string[] = [];
  if (response.content?.["application/json"]) {
    const validate = schemaAt(r.api, `${pointer}/content/application~1json/schema`);
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return [`body is not JSON: ${answer.body.slice(0, 80)}`];
    }
    if (!validate(body)) problems.push(`body: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
  }
  for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, any>)) {
    const resolved = header.$ref ? header.$ref.slice(2).split("/").reduce((o: any, k: string) => o[k], docs[r.api]) : header;
    const raw = answer.headers.get(name);
    if (raw === null) {
      if (resolved.required) problems.push(`header ${name} missing`);
      continue;
    }
    const type = resolved.schema?.type;
    const value = type === "integer" || type === "number" ? Number(raw) : type === "boolean" ? raw === "true" : raw;
    const validate = schemaAt(r.api, `${header.$ref ? header.$ref.slice(1) : `${pointer}/headers/${esc(name)}`}/schema`);
    if (!validate(value)) problems.push(`header ${name}=${raw}: ${JSON.stringify(validate.errors?.[0])}`);
  }
  return problems;
}

/** Lookups of a task depend on state: the static mock knows its example task, the simulator does not. */
const verdict = (r: FuzzRequest, status: number) => (r.method === "GET" && (status === 200 || status === 404) && operationFor(r) ? "lookup" : String(status));

// ---- the run ------------------------------------------------------------------------------------

describe("differential fuzzing of the mock, static vs stateful", () => {
  it(`≥${MIN_PER_MODE} generated requests per mode: declared statuses, valid bodies and headers, one verdict, the client's validator agreeing`, async () => {
    const requests = generate();
    const problems: string[] = [];
    const kinds = new Map<string, number>();
    const verdicts = new Map<string, number>();
    for (let i = 0; i < requests.length; i += 8) {
      await Promise.all(
        requests.slice(i, i + 8).map(async (r) => {
          const [stat, stateful] = await Promise.all(
            (["static", "stateful"] as const).map((mode) =>
              rawRequest(servers[mode][r.api].url, r.method, r.path, r.headers, r.chunks).catch((e: Error) => ({ status: 0, headers: new Headers(), body: e.message })),
            ),
          );
          const label = `${r.kind} ${r.method} ${r.path.slice(0, 60)}`;
          kinds.set(r.kind.split(" ")[0]!, (kinds.get(r.kind.split(" ")[0]!) ?? 0) + 1);
          verdicts.set(String(stateful!.status), (verdicts.get(String(stateful!.status)) ?? 0) + 1);
          for (const [mode, answer] of [["static", stat!], ["stateful", stateful!]] as const) {
            for (const p of contractProblems(r, answer)) problems.push(`${mode} ${label}: ${p}`);
          }
          if (verdict(r, stat!.status) !== verdict(r, stateful!.status)) problems.push(`${label}: static ${stat!.status}, stateful ${stateful!.status}: ${stateful!.body.slice(0, 120)}`);
          if (r.clientCheck) {
            const client = validateInput(r.clientCheck.model, r.clientCheck.input, models[r.clientCheck.model as ModelSlug].provider === "gateway" ? { provider: "gateway", prefix: "" } : { provider: "mindvideo" });
            for (const [mode, answer] of [["static", stat!], ["stateful", stateful!]] as const) {
              if (!client.ok) {
                const message = client.errors.map((e) => e.message).join("; ");
                const error = answer.status === 400 ? (JSON.parse(answer.body) as { error: { message: string } }).error : undefined;
                if (error?.message !== message) problems.push(`${mode} ${label}: client says "${message}", mock ${answer.status} ${answer.body.slice(0, 160)}`);
              } else if (answer.status === 400 && r.kind === "valid") problems.push(`${mode} ${label}: client accepts, mock 400 ${answer.body.slice(0, 160)}`);
            }
          }
        }),
      );
    }
    console.log(`mock fuzz: ${requests.length} requests per mode; by kind ${JSON.stringify(Object.fromEntries(kinds))}; stateful statuses ${JSON.stringify(Object.fromEntries(verdicts))}`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(MIN_PER_MODE);
    // Both sides of the verdict occur in numbers, or the comparison proves little.
    expect(verdicts.get("200") ?? 0).toBeGreaterThan(100);
    expect(verdicts.get("400") ?? 0).toBeGreaterThan(100);
    // Every process still answers: both fronts in both modes, and the Prism children behind the static ones.
    for (const mode of ["static", "stateful"] as const) {
      for (const api of ["mindvideo", "gateway"] as const) {
        const answer = await rawRequest(servers[mode][api].url, "GET", api === "gateway" ? "/v1/tasks/x" : "/api/v1/tasks/x", AUTH);
        expect([200, 404]).toContain(answer.status);
      }
    }
    for (const url of [inject("prismMindVideoUrl"), inject("prismGatewayUrl")]) expect((await fetch(`${url}/api/v1/tasks/x`).catch(() => undefined))?.status).toBeDefined();
  }, 240_000);
});

