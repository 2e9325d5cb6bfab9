/**
 * One web-standard front for both mock modes. Every request is checked against the contract before
 * anything answers it (static examples or the simulator), and every answer is checked before it
 * leaves: invalid input is a 400 with the client validator's own message, unknown routes 404,
 * malformed URLs 400, oversize bodies 413, malformed JSON 400, all in the contract's envelope; an
 * upstream answer that breaks the contract becomes a 502 and a recorded violation. CORS included,
 * so a page on another origin (the docs playground) can call the mock.
 */
import { validateInput } from "../validation.js";
import { operationTables } from "../../generated/validators/operations.js";
import { createContract, describeAjvErrors, type Contract, type Operation, type OperationSpec } from "./contract.js";
import { errorReply, type ErrorDetails } from "./envelopes.js";
import { MAX_BODY_BYTES } from "./facts.js";
import { bearerToken, incomingFrom, isReply, json, parseJson, replyToResponse, type BodyRead, type Incoming, type Reply } from "./http.js";
import type { ProviderName } from "./state.js";
import { createViolationLog, type ViolationLog } from "./violations.js";
import type { Simulator } from "./index.js";
import { isScenario, SCENARIOS } from "./facts.js";

/** JSON nested deeper than this is refused before parsing (the real bodies are 3 levels deep). */
export const MAX_JSON_DEPTH = 32;
export const CONTROL_PREFIX = "/__mock/";
const EXPOSED_HEADERS = "x-request-id, retry-after, idempotent-replayed, content-length, content-range, accept-ranges";

export interface FrontOptions {
  api: ProviderName;
  /** The checks. Default: `api`'s operations as `npm run generate` precompiled them. */
  contract?: Contract | undefined;
  /**
   * Answers requests that passed the checks with a web Response (static mode: Prism). Default: the
   * simulator, handed the checked request as it is (no second Request, no re-read body).
   */
  upstream?: ((request: Request) => Promise<Response>) | undefined;
  /** Stateful mode: answers checked requests, and enables the task, reset, scenario and output routes under /__mock/. */
  simulator?: Simulator | undefined;
  /** Shared by the fronts of one mock, so each port shows every violation. Default: a new log of 500. */
  violations?: ViolationLog | undefined;
  /** Default: MAX_BODY_BYTES (4 MiB). */
  maxBodyBytes?: number | undefined;
}

export interface Front {
  handle(request: Request): Promise<Response>;
  /** The same for an adapter without web Requests (the Node server); JSON answers come back unserialized. */
  answer(request: Incoming): Promise<Reply | Response>;
  violations: ViolationLog;
}

/**
 * The precompiled checks of one API. Imported statically: a first request that waited for a module
 * would stall a manual clock's virtual time (the mock's whole point); they are about 11 KB gzipped,
 * in the mock's bundle only, in place of a schema compiler and the documents.
 */
export function precompiledContract(api: ProviderName): Contract {
  return createContract(api, (operationTables as unknown as Record<ProviderName, OperationSpec[]>)[api]);
}

function withCors(answer: Reply | Response, origin: string | null): Reply | Response {
  if (isReply(answer)) {
    const headers = answer.headers;
    headers["access-control-allow-origin"] = origin ?? "*";
    if (origin) headers.vary = headers.vary ? `${headers.vary}, Origin` : "Origin";
    headers["access-control-expose-headers"] = EXPOSED_HEADERS;
    return answer;
  }
  let response = answer;
  try {
    response.headers.set("access-control-allow-origin", origin ?? "*");
  } catch {
    // Immutable headers (a fetched Response): copy once.
    response = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
    response.headers.set("access-control-allow-origin", origin ?? "*");
  }
  if (origin) response.headers.append("vary", "Origin");
  response.headers.set("access-control-expose-headers", EXPOSED_HEADERS);
  return response;
}

/** Depth of JSON nesting, scanning the text once (strings skipped), without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * A checked request as the simulator gets it: the same request, its body already read (once, bounded)
 * and checked. A class, not a spread copy: one small object per request on the mock's hot path.
 */
class Checked implements Incoming {
  readonly method: string;
  readonly url: URL;

  constructor(
    private readonly original: Incoming,
    private readonly text: string,
  ) {
    this.method = original.method;
    this.url = original.url;
  }

  header(name: string): string | null {
    return this.original.header(name);
  }

  async body(): Promise<BodyRead> {
    return { ok: true, text: this.text };
  }

  async discard(): Promise<void> {}

  request(): Request {
    return this.original.request();
  }
}

/** Percent-decoded; undefined for a malformed escape. Most segments have none: no decoder call then. */
function decodePathParam(raw: string): string | undefined {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** The gateway's input: the body without its model. */
function withoutModel(body: Record<string, unknown>): Record<string, unknown> {
  const { model: _model, ...input } = body;
  return input;
}

function coerce(raw: string, type: string | undefined): unknown {
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw)) return Number(raw);
  if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

export function createFront(options: FrontOptions): Front {
  const { api } = options;
  // Built on the first request: a front that never answers costs nothing.
  let contract = options.contract;
  const violations = options.violations ?? createViolationLog();
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const sim = options.simulator;
  if (!options.upstream && !sim) throw new TypeError("createFront: give an upstream or a simulator");

  async function control(request: Incoming, url: URL): Promise<Reply | Response> {
    const route = `${request.method} ${url.pathname}`;
    if (route === "GET /__mock/violations") return json(200, { total: violations.total(), data: violations.list() });
    if (route === "GET /__mock/tasks") {
      const data = sim?.tasks() ?? [];
      return json(200, { mode: sim ? "stateful" : "static", total: data.length, data });
    }
    if (route === "POST /__mock/reset") {
      sim?.reset();
      violations.clear();
      return json(200, { reset: true });
    }
    if (url.pathname === "/__mock/scenario" && sim) {
      if (request.method === "GET") return json(200, { scenario: sim.scenario(), allowed: SCENARIOS });
      if (request.method === "PUT" || request.method === "POST") {
        const read = await request.body(4_096);
        const parsed = read.ok ? parseJson(read.text) : { ok: false as const };
        const scenario = parsed.ok ? (parsed.value as { scenario?: unknown } | null)?.scenario : undefined;
        if (!isScenario(scenario)) return json(400, { error: { message: `send {"scenario": one of ${SCENARIOS.join(", ")}}` } });
        sim.setScenario(scenario);
        return json(200, { scenario });
      }
    }
    if (url.pathname.startsWith("/__mock/outputs/") && sim && (request.method === "GET" || request.method === "HEAD")) return sim.answer(request);
    return json(404, { error: { message: `No mock control route ${request.method} ${url.pathname}; see GET /__mock/violations, GET /__mock/tasks, POST /__mock/reset, GET|PUT /__mock/scenario` } });
  }

  function reject(request: Incoming, url: URL, status: number, details: ErrorDetails): Reply {
    violations.record({ method: request.method, path: url.pathname + url.search, side: "request", what: `${status} ${details.message}` });
    return errorReply(api, status, details);
  }

  async function check(request: Incoming, url: URL): Promise<Reply | Response> {
    const found = contract!.match(request.method, url.pathname);
    if (!found.operation) return reject(request, url, 404, { message: `No route ${request.method} ${url.pathname}` });
    const { operation, rawParams } = found;
    for (const name in rawParams) {
      const decoded = decodePathParam(rawParams[name]!);
      if (decoded === undefined) return reject(request, url, 400, { message: `The path parameter ${name} is not valid percent-encoding`, param: name });
      rawParams[name] = decoded;
    }
    if (!bearerToken(request)) return reject(request, url, 401, { message: "Missing bearer API key: send Authorization: Bearer <key>" });
    for (const parameter of operation.parameters) {
      const values = parameter.in === "path" ? [rawParams[parameter.name]!] : parameter.in === "query" ? url.searchParams.getAll(parameter.name) : headerValues(request, parameter.name);
      if (values.length === 0) {
        if (parameter.required) return reject(request, url, 400, { message: `${parameter.name} is required`, param: parameter.name });
        continue;
      }
      if (values.length > 1) return reject(request, url, 400, { message: `${parameter.name} is given more than once`, param: parameter.name });
      if (!parameter.validate(coerce(values[0]!, parameter.type))) return reject(request, url, 400, { message: describeAjvErrors(parameter.validate.errors, parameter.name), param: parameter.name });
    }
    let forwardBody: string | undefined;
    if (operation.body) {
      const problem = await checkBody(request, operation);
      if ("status" in problem) return reject(request, url, problem.status, problem);
      forwardBody = problem.text;
    }
    let upstream: Reply | Response;
    if (options.upstream) {
      const headers = new Headers(request.request().headers);
      headers.delete("content-length");
      headers.delete("transfer-encoding");
      upstream = await options.upstream(new Request(url, { method: request.method, headers, ...(forwardBody === undefined ? {} : { body: forwardBody }) }));
    } else {
      upstream = await sim!.answer(new Checked(request, forwardBody ?? ""));
    }
    return checked(request, url, operation, upstream);
  }

  function headerValues(request: Incoming, name: string): string[] {
    const value = request.header(name);
    return value === null ? [] : [value];
  }

  async function checkBody(request: Incoming, operation: Operation): Promise<({ status: number } & ErrorDetails) | { text: string }> {
    const type = request.header("content-type") ?? "";
    // The usual header as it is needs no parsing.
    if (type !== "application/json") {
      const [mediaType, ...params] = type.split(";").map((part) => part.trim().toLowerCase());
      if (mediaType !== "application/json") {
        await request.discard();
        return { status: 400, code: "invalid_json", message: `Content-Type must be application/json (got ${JSON.stringify(type.slice(0, 80))})` };
      }
      const charset = params.find((p) => p.startsWith("charset="))?.slice(8).replace(/"/g, "");
      if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
        await request.discard();
        return { status: 400, code: "invalid_json", message: `The body must be UTF-8 JSON (got charset=${charset.slice(0, 40)})` };
      }
    }
    const read = await request.body(maxBodyBytes);
    if (!read.ok) return read.reason === "too-large" ? { status: 413, message: `Request body too large (the limit is ${maxBodyBytes} bytes)` } : { status: 400, code: "invalid_json", message: "The request body could not be read" };
    if (read.text.charCodeAt(0) === 0xfeff) return { status: 400, code: "invalid_json", message: "The body is not valid JSON: it starts with a byte order mark" };
    if (jsonDepth(read.text) > MAX_JSON_DEPTH) return { status: 400, code: "invalid_json", message: `The body is not valid JSON: nested deeper than ${MAX_JSON_DEPTH} levels` };
    const parsed = parseJson(read.text);
    if (!parsed.ok) return { status: 400, code: "invalid_json", message: "The body is not valid JSON" };
    const body = parsed.value;
    if (!body || typeof body !== "object" || Array.isArray(body)) return { status: 400, code: "invalid_input", message: "The body must be a JSON object", param: "body" };
    // The model's own input first, so the message is exactly the client validator's.
    const record = body as Record<string, unknown>;
    const model = record.model;
    const input = api === "gateway" ? withoutModel(record) : record.input;
    const result = validateInput(String(model), input, api === "gateway" ? { provider: "gateway", prefix: "" } : { provider: "mindvideo" });
    if (!result.ok) return { status: 400, code: "invalid_input", message: result.errors.map((e) => e.message).join("; "), param: result.errors[0]!.path || "model" };
    if (!operation.body!(body)) {
      const error = operation.body!.errors?.[0];
      const param = error?.keyword === "additionalProperties" ? (error.params as { additionalProperty: string }).additionalProperty : error?.instancePath.split("/")[1];
      return { status: 400, code: "invalid_input", message: describeAjvErrors(operation.body!.errors, "body"), param: param || "body" };
    }
    return { text: read.text };
  }

  function broke(request: Incoming, url: URL, status: number, problems: string[]): Reply {
    violations.record({ method: request.method, path: url.pathname + url.search, side: "response", what: `${status}: ${problems.join("; ")}` });
    return errorReply(api, 502, { message: `The mock's answer (${status}) broke the contract: ${problems.join("; ")}` });
  }

  async function checked(request: Incoming, url: URL, operation: Operation, upstream: Reply | Response): Promise<Reply | Response> {
    if (isReply(upstream)) {
      const headers = upstream.headers;
      const header = (name: string) => headers[name.toLowerCase()] ?? null;
      let problems = contract!.checkResponse(operation, upstream.status, header, upstream.json);
      // The value is checked as it stands; what counts is what its JSON says (undefined fields vanish).
      if (problems.length > 0) problems = contract!.checkResponse(operation, upstream.status, header, JSON.parse(JSON.stringify(upstream.json) ?? "null"));
      return problems.length > 0 ? broke(request, url, upstream.status, problems) : upstream;
    }
    const text = await upstream.text();
    const parsed = text === "" ? undefined : parseJson(text);
    const body = parsed?.ok ? parsed.value : undefined;
    const problems = contract!.checkResponse(operation, upstream.status, (name) => upstream.headers.get(name), body);
    if (problems.length > 0) return broke(request, url, upstream.status, problems);
    const headers = new Headers(upstream.headers);
    // CORS is the front's to decide (Prism would add allow-credentials to any origin).
    for (const name of [...headers.keys()]) if (name.startsWith("access-control-")) headers.delete(name);
    headers.delete("content-length");
    headers.delete("transfer-encoding");
    headers.delete("connection");
    return new Response(text, { status: upstream.status, headers });
  }

  async function answer(request: Incoming): Promise<Reply | Response> {
    const origin = request.header("origin");
    if (request.method === "OPTIONS") {
      return new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-origin": origin ?? "*",
          "access-control-allow-methods": "GET, POST, PUT, OPTIONS",
          "access-control-allow-headers": request.header("access-control-request-headers") ?? "authorization, content-type, idempotency-key, x-mock-scenario, prefer",
          "access-control-max-age": "600",
          vary: "Origin, Access-Control-Request-Headers",
        },
      });
    }
    const url = request.url;
    try {
      contract ??= precompiledContract(api);
      const response = url.pathname.startsWith(CONTROL_PREFIX) ? await control(request, url) : await check(request, url);
      return withCors(response, origin);
    } catch (error) {
      violations.record({ method: request.method, path: url.pathname, side: "response", what: `the mock failed: ${(error as Error).message}` });
      return withCors(errorReply(api, 500, { message: "The mock failed while answering; see GET /__mock/violations" }), origin);
    }
  }

  return {
    violations,
    answer,
    async handle(request) {
      let incoming: Incoming;
      try {
        incoming = incomingFrom(request);
      } catch {
        const refused = withCors(errorReply(api, 400, { message: "The request URL is malformed" }), request.headers.get("origin"));
        return isReply(refused) ? replyToResponse(refused) : refused;
      }
      const answered = await answer(incoming);
      return isReply(answered) ? replyToResponse(answered) : answered;
    },
  };
}
