/**
 * The contract's executable checks (matching, response checks, readable Ajv errors) on a contract of
 * the test's own, and the simulator's web-standard helpers (bounded body reads, bearer tokens,
 * canonical JSON, fingerprints).
 */
import { describe, expect, it } from "vitest";
import { createContract, describeAjvErrors, type OperationSpec, type ValidationError, type Validator } from "../../../src/simulator/contract.js";
import { bearerToken, canonicalJson, decodeSegment, incomingFrom, isReply, json, parseJson, readBody, reply, replyToResponse, requestId } from "../../../src/simulator/http.js";

/** A validator with Ajv's interface: `test` decides, `error` is what it reports. */
function validator(test: (value: unknown) => boolean, error: Partial<ValidationError> = {}): Validator {
  const validate: Validator = (value) => {
    const ok = test(value);
    validate.errors = ok ? null : [{ instancePath: "", keyword: "type", params: {}, message: "is wrong", ...error }];
    return ok;
  };
  return validate;
}
const any = validator(() => true);
const isObject = validator((v) => typeof v === "object" && v !== null, { message: "must be object" });

const SPECS: OperationSpec[] = [
  { method: "GET", template: "/v1/things/{id}", operationId: "getThing", parameters: [], body: undefined, responses: { "200": { headers: [], body: isObject }, "4XX": { headers: [], body: isObject } } },
  { method: "POST", template: "/v1/things", operationId: "makeThing", parameters: [], body: any, responses: { "201": { headers: [], body: undefined } } },
  { method: "GET", template: "/v1/things/{id}/parts/{part}", operationId: "getPart", parameters: [], body: undefined, responses: { "200": { headers: [], body: undefined } } },
  { method: "GET", template: "/v1/a.b+c", operationId: "literal", parameters: [], body: undefined, responses: { "200": { headers: [], body: undefined } } },
  {
    method: "GET",
    template: "/v1/headers",
    operationId: "headers",
    parameters: [],
    body: undefined,
    responses: {
      "200": {
        headers: [
          { name: "X-Count", required: true, type: "integer", validate: validator((v) => Number.isInteger(v), { message: "must be integer" }) },
          { name: "X-Ratio", required: false, type: "number", validate: validator((v) => typeof v === "number", { message: "must be number" }) },
          { name: "X-Flag", required: false, type: "boolean", validate: validator((v) => typeof v === "boolean", { message: "must be boolean" }) },
          { name: "X-Name", required: false, type: "string", validate: validator((v) => typeof v === "string" && v.length > 0, { message: "must NOT be empty" }) },
        ],
        body: undefined,
      },
    },
  },
];
const contract = createContract("things", SPECS);

describe("createContract: match", () => {
  it.each([
    ["a path parameter", { given: ["GET", "/v1/things/t1"], want: { operationId: "getThing", rawParams: { id: "t1" } } }],
    ["a percent-encoded parameter, still encoded", { given: ["GET", "/v1/things/a%2Fb"], want: { operationId: "getThing", rawParams: { id: "a%2Fb" } } }],
    ["two parameters, in order", { given: ["GET", "/v1/things/t1/parts/p2"], want: { operationId: "getPart", rawParams: { id: "t1", part: "p2" } } }],
    ["no parameters", { given: ["POST", "/v1/things"], want: { operationId: "makeThing", rawParams: {} } }],
    ["a template with regular-expression characters, literally", { given: ["GET", "/v1/a.b+c"], want: { operationId: "literal", rawParams: {} } }],
  ] as const)("finds %s", (_name, { given, want }) => {
    const found = contract.match(given[0], given[1]);
    expect(found.operation?.operationId).toBe(want.operationId);
    expect("rawParams" in found ? found.rawParams : undefined).toEqual(want.rawParams);
  });

  it.each([
    ["the right path with the wrong method", { given: ["DELETE", "/v1/things/t1"], want: true }],
    ["a parameter spanning two segments", { given: ["GET", "/v1/things/a/b"], want: false }],
    ["an empty parameter", { given: ["GET", "/v1/things/"], want: false }],
    ["a longer path", { given: ["GET", "/v1/things/t1/x"], want: false }],
    ["a prefix before the template", { given: ["GET", "/x/v1/things/t1"], want: false }],
    ["regular-expression characters matching anything", { given: ["GET", "/v1/aXbbc"], want: false }],
    ["a lower-case method", { given: ["get", "/v1/things/t1"], want: true }],
  ] as const)("misses %s (pathOnly %s)", (_name, { given, want }) => {
    const found = contract.match(given[0], given[1]);
    expect(found).toEqual({ operation: undefined, pathOnly: want });
  });

  it("lists every operation with its statuses and path parameters", () => {
    expect(contract.name).toBe("things");
    expect(contract.operations.map((o) => [o.operationId, o.statuses, o.pathParams])).toEqual([
      ["getThing", ["200", "4XX"], ["id"]],
      ["makeThing", ["201"], []],
      ["getPart", ["200"], ["id", "part"]],
      ["literal", ["200"], []],
      ["headers", ["200"], []],
    ]);
  });
});

describe("createContract: checkResponse", () => {
  const op = (id: string) => contract.operations.find((o) => o.operationId === id)!;
  const noHeaders = () => null;

  it.each([
    ["a declared status with a valid body", { given: { id: "getThing", status: 200, body: {} }, want: [] }],
    ["a status under its class (4XX)", { given: { id: "getThing", status: 404, body: {} }, want: [] }],
    ["a 4XX body against the class's schema", { given: { id: "getThing", status: 418, body: 7 }, want: ["body: body must be object"] }],
    ["an undeclared status", { given: { id: "getThing", status: 500, body: {} }, want: ["status 500 is not declared for GET /v1/things/{id}"] }],
    ["a 2XX status when only 201 is declared", { given: { id: "makeThing", status: 200, body: undefined }, want: ["status 200 is not declared for POST /v1/things"] }],
    ["no JSON where a body is declared", { given: { id: "getThing", status: 200, body: undefined }, want: ["body is not JSON"] }],
    ["a body against its schema", { given: { id: "getThing", status: 200, body: "text" }, want: ["body: body must be object"] }],
    ["no body where none is declared", { given: { id: "makeThing", status: 201, body: undefined }, want: [] }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(contract.checkResponse(op(given.id), given.status, noHeaders, given.body)).toEqual(want);
  });

  it.each([
    ["all valid, numbers and booleans as text", { given: { "x-count": "3", "x-ratio": "-0.5", "x-flag": "false", "x-name": "n" }, want: [] }],
    ["true", { given: { "x-count": "3", "x-flag": "true" }, want: [] }],
    ["a required header missing", { given: {}, want: ["header X-Count is missing"] }],
    ["an optional header missing", { given: { "x-count": "0" }, want: [] }],
    ["a non-integer", { given: { "x-count": "3.5" }, want: ["header X-Count: value must be integer"] }],
    ["a number with trailing text", { given: { "x-count": "3", "x-ratio": "1.5s" }, want: ["header X-Ratio: value must be number"] }],
    ["a number with leading text", { given: { "x-count": "3", "x-ratio": "v1.5" }, want: ["header X-Ratio: value must be number"] }],
    ["a boolean spelt otherwise", { given: { "x-count": "3", "x-flag": "yes" }, want: ["header X-Flag: value must be boolean"] }],
    ["an empty string header", { given: { "x-count": "3", "x-name": "" }, want: ["header X-Name: value must NOT be empty"] }],
    ["two problems", { given: { "x-flag": "TRUE" }, want: ["header X-Count is missing", "header X-Flag: value must be boolean"] }],
  ] as const)("headers: %s", (_name, { given, want }) => {
    const header = (name: string) => (given as Record<string, string>)[name.toLowerCase()] ?? null;
    expect(contract.checkResponse(op("headers"), 200, header, undefined)).toEqual(want);
  });
});

describe("describeAjvErrors", () => {
  const e = (instancePath: string, keyword: string, params: Record<string, unknown>, message?: string): ValidationError => ({ instancePath, keyword, params, message });
  it.each([
    ["nothing", { given: null, want: "" }],
    ["a nested path with its message", { given: [e("/input/duration", "maximum", { limit: 12 }, "must be <= 12")], want: "body.input.duration must be <= 12" }],
    ["an unknown property", { given: [e("/input", "additionalProperties", { additionalProperty: "colour" })], want: 'body.input has an unknown property "colour"' }],
    ["a missing property", { given: [e("", "required", { missingProperty: "prompt" })], want: 'body is missing "prompt"' }],
    ["an enum", { given: [e("/quality", "enum", { allowedValues: ["480p", 720] })], want: 'body.quality must be one of "480p", 720' }],
    ["an enum without values", { given: [e("/quality", "enum", {})], want: "body.quality must be one of " }],
    ["no message", { given: [e("/x", "format", {})], want: "body.x is invalid" }],
    ["duplicates once", { given: [e("", "type", {}, "must be object"), e("", "type", {}, "must be object")], want: "body must be object" }],
    ["at most three", { given: ["a", "b", "c", "d"].map((k) => e(`/${k}`, "type", {}, "must be string")), want: "body.a must be string; body.b must be string; body.c must be string" }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(describeAjvErrors(given as readonly ValidationError[] | null, "body")).toBe(want);
  });
});

describe("http helpers", () => {
  const streamed = (chunks: string[], headers: Record<string, string> = {}) => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
    return new Request("http://mock.test/", { method: "POST", headers, body, duplex: "half" } as RequestInit);
  };

  it.each([
    ["chunks joined", { given: { chunks: ["ab", "cd", "é"], max: 6 }, want: { ok: true, text: "abcdé" } }],
    ["over the cap by one byte", { given: { chunks: ["ab", "cd", "é"], max: 5 }, want: { ok: false, reason: "too-large" } }],
    ["nothing", { given: { chunks: [], max: 0 }, want: { ok: true, text: "" } }],
    ["a byte order mark kept (the front refuses it)", { given: { chunks: ["\uFEFF{}"], max: 10 }, want: { ok: true, text: "\uFEFF{}" } }],
  ] as const)("readBody: %s", async (_name, { given, want }) => {
    expect(await readBody(streamed([...given.chunks]), given.max)).toEqual(want);
  });

  it("readBody: a declared length over the cap is refused before reading, and the stream is cancelled", async () => {
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(8))), cancel: () => void (cancelled = true) }, { highWaterMark: 0 });
    const request = new Request("http://mock.test/", { method: "POST", headers: { "content-length": "11" }, body, duplex: "half" } as RequestInit);
    expect(await readBody(request, 10)).toEqual({ ok: false, reason: "too-large" });
    expect(pulled).toBe(0);
    expect(cancelled).toBe(true);
    expect(await readBody(new Request("http://mock.test/", { method: "POST", headers: { "content-length": "10" }, body: "0123456789" }), 10)).toEqual({ ok: true, text: "0123456789" });
  });

  it("readBody: an endless body stops at the cap and is cancelled", async () => {
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(4))), cancel: () => void (cancelled = true) }, { highWaterMark: 0 });
    const request = new Request("http://mock.test/", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(await readBody(request, 10)).toEqual({ ok: false, reason: "too-large" });
    expect(pulled).toBe(3);
    expect(cancelled).toBe(true);
  });

  it("readBody: a failing stream is unreadable; invalid UTF-8 becomes U+FFFD; no body is empty", async () => {
    const failing = new Request("http://mock.test/", { method: "POST", body: new ReadableStream({ pull: (c) => c.error(new Error("cut")) }), duplex: "half" } as RequestInit);
    expect(await readBody(failing, 10)).toEqual({ ok: false, reason: "unreadable" });
    const bad = new Request("http://mock.test/", { method: "POST", body: Uint8Array.of(0x61, 0xff, 0x62) });
    expect(await readBody(bad, 10)).toEqual({ ok: true, text: "a\uFFFDb" });
    expect(await readBody(new Request("http://mock.test/"), 0)).toEqual({ ok: true, text: "" });
  });

  it("incomingFrom: the request's parts, the body read bounded, discard cancels it", async () => {
    let cancelled = false;
    const body = new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(1)), cancel: () => void (cancelled = true) }, { highWaterMark: 0 });
    const request = new Request("http://mock.test/a?b=1", { method: "PUT", headers: { "x-one": "1" }, body, duplex: "half" } as RequestInit);
    const incoming = incomingFrom(request);
    expect([incoming.method, incoming.url.href, incoming.header("X-One"), incoming.header("x-two")]).toEqual(["PUT", "http://mock.test/a?b=1", "1", null]);
    expect(incoming.request()).toBe(request);
    await incoming.discard();
    expect(cancelled).toBe(true);
    await expect(incomingFrom(new Request("http://mock.test/")).discard()).resolves.toBeUndefined();
    expect(await incomingFrom(new Request("http://mock.test/", { method: "POST", body: "abc" })).body(3)).toEqual({ ok: true, text: "abc" });
  });

  it.each([
    ["Bearer", { given: "Bearer k1", want: "k1" }],
    ["any case, several spaces", { given: "bEaReR   k2", want: "k2" }],
    ["a tab", { given: "Bearer\tk3", want: "k3" }],
    ["no token", { given: "Bearer ", want: undefined }],
    ["two words", { given: "Bearer a b", want: undefined }],
    ["another scheme", { given: "Basic abc", want: undefined }],
    ["no space", { given: "Bearerk", want: undefined }],
    ["text before", { given: "x Bearer k", want: undefined }],
    ["absent", { given: null, want: undefined }],
  ] as const)("bearerToken: %s", (_name, { given, want }) => {
    const headers: Record<string, string> = given === null ? {} : { authorization: given };
    const request = new Request("http://mock.test/", { headers });
    expect(bearerToken(request)).toBe(want);
    expect(bearerToken(incomingFrom(request))).toBe(want);
  });

  it.each([
    ["key order and whitespace do not matter", { given: ['{"b":1, "a":{"d":[1,{"f":2,"e":3}],"c":null}}', '{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}'], same: true }],
    ["array order does", { given: ["[1,2]", "[2,1]"], same: false }],
    ["types do", { given: ['{"a":1}', '{"a":"1"}'], same: false }],
    ["a key with a quote", { given: ['{"a\\"b":1}', '{"a\\"b":1}'], same: true }],
  ] as const)("canonicalJson: %s", (_name, { given, same }) => {
    const [a, b] = given.map((text) => canonicalJson(JSON.parse(text)));
    expect(a === b).toBe(same);
    expect(JSON.parse(a!)).toEqual(JSON.parse(given[0]));
  });

  it("canonicalJson: the exact text", () => {
    expect(canonicalJson({ b: [true, null, "x"], a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":[true,null,"x"]}');
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson([])).toBe("[]");
    expect(canonicalJson({})).toBe("{}");
  });

  it("decodeSegment, parseJson, requestId, replies", async () => {
    expect(decodeSegment("a%20b")).toBe("a b");
    expect(decodeSegment("%E0%A4%A")).toBeUndefined();
    expect(parseJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJson("{")).toEqual({ ok: false });
    const ids = [requestId(), requestId()];
    for (const id of ids) expect(id).toMatch(/^req_sim_[0-9a-f]{16}$/);
    expect(ids[0]).not.toBe(ids[1]);
    const answer = reply(201, { a: 1 }, { "x-y": "z" });
    expect(isReply(answer)).toBe(true);
    expect(reply(200, null).headers).toEqual({});
    const response = replyToResponse(answer);
    expect(isReply(response)).toBe(false);
    expect([response.status, response.headers.get("x-y"), response.headers.get("content-type"), await response.json()]).toEqual([201, "z", "application/json", { a: 1 }]);
    expect(json(400, [1], { "content-type": "application/problem+json" }).headers.get("content-type")).toBe("application/problem+json");
  });
});
