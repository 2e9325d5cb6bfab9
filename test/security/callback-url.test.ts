/**
 * Class 3: callback_url never points inward. The registry rows below are written from the IANA
 * IPv4 and IPv6 Special-Purpose Address Registries (plus multicast, 240/4 and the deprecated IPv6
 * site-local and IPv4-compatible ranges), independently of the implementation's table.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbackUrlProblems } from "../../src/gateway/callback-url.js";
import { InputValidationError, VideoGateway } from "../../src/index.js";
import { sendJson, startServer, type TestServer } from "./servers.js";

const IPV4_ROWS = [
  "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.0.0/29",
  "192.0.0.8/32", "192.0.0.9/32", "192.0.0.10/32", "192.0.0.170/32", "192.0.0.171/32", "192.0.2.0/24", "192.31.196.0/24",
  "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
  "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
];
const IPV6_ROWS = [
  "::1/128", "::/128", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "100:0:0:1::/64", "2001::/23", "2001::/32",
  "2001:1::1/128", "2001:1::2/128", "2001:1::3/128", "2001:2::/48", "2001:3::/32", "2001:4:112::/48", "2001:10::/28", "2001:20::/28",
  "2001:30::/28", "2001:db8::/32", "2002::/16", "2620:4f:8000::/48", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10",
  "fec0::/10", "ff00::/8", "::/96", "::ffff:0:0:0/96",
];

const v4ToInt = (text: string) => text.split(".").reduce((n, p) => n * 256 + Number(p), 0);
const v4Range = (row: string) => {
  const [base, bits] = row.split("/") as [string, string];
  const size = 2 ** (32 - Number(bits));
  return { first: v4ToInt(base), last: v4ToInt(base) + size - 1 };
};
const v6ToBig = (text: string): bigint => {
  const [head, tail] = text.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
};
const v6Range = (row: string) => {
  const [base, bits] = row.split("/") as [string, string];
  const size = 1n << BigInt(128 - Number(bits));
  return { first: v6ToBig(base), last: v6ToBig(base) + size - 1n };
};
const V4 = IPV4_ROWS.map(v4Range);
const V6 = IPV6_ROWS.map(v6Range);
const isSpecial4 = (n: number) => V4.some((r) => n >= r.first && n <= r.last);
const isSpecial6 = (n: bigint) => n >> 125n !== 1n || V6.some((r) => n >= r.first && n <= r.last);

const octets = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255] as const;
const groups = (n: bigint) => Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
const hex = (n: number) => n.toString(16);

/** Every spelling of an IPv4 address the WHATWG URL parser accepts as a host. */
const v4Notations = (n: number): string[] => {
  const [a, b, c, d] = octets(n);
  return [
    `${a}.${b}.${c}.${d}`,
    `${a}.${b}.${c}.${d}.`,
    String(n),
    `0x${hex(n)}`,
    `0X${hex(n).toUpperCase()}`,
    `0${n.toString(8)}`,
    `0${a.toString(8)}.0${b.toString(8)}.0${c.toString(8)}.0${d.toString(8)}`,
    `0x${hex(a)}.0x${hex(b)}.0x${hex(c)}.0x${hex(d)}`,
    `${a}.${b}.${c * 256 + d}`,
    `${a}.${(b << 16) + (c << 8) + d}`,
    `0x${hex(a)}.${(b << 16) + (c << 8) + d}`,
    `0${a.toString(8)}.0x${hex(b)}.${c}.${d}`,
    `[::ffff:${a}.${b}.${c}.${d}]`,
    `[::ffff:${hex((a << 8) + b)}:${hex((c << 8) + d)}]`,
    `[0:0:0:0:0:ffff:${a}.${b}.${c}.${d}]`,
    `[::${a}.${b}.${c}.${d}]`,
    `[64:ff9b::${a}.${b}.${c}.${d}]`,
    `[64:ff9b:1::${a}.${b}.${c}.${d}]`,
    `[2002:${hex((a << 8) + b)}:${hex((c << 8) + d)}::1]`,
    `[2001:0:4136:e378:8000:63bf:${hex(((a << 8) + b) ^ 0xffff)}:${hex(((c << 8) + d) ^ 0xffff)}]`,
    `[::ffff:0:${a}.${b}.${c}.${d}]`,
  ];
};
/** Every spelling of an IPv6 address the parser accepts (and a zone id, which it must refuse). */
const v6Notations = (n: bigint): string[] => {
  const g = groups(n);
  const full = g.map(hex).join(":");
  const padded = g.map((x) => hex(x).padStart(4, "0")).join(":");
  const tail = `${g.slice(0, 6).map(hex).join(":")}:${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  const compressed = full.replace(/(^|:)0(:0)+(:|$)/, "::");
  return [`[${full}]`, `[${padded}]`, `[${padded.toUpperCase()}]`, `[${tail}]`, `[${compressed}]`, `[${full}%25eth0]`, `[${full}%eth0]`];
};

const refused = (host: string) => callbackUrlProblems(`https://${host}/hook`, "m").length === 1;
const accepted = (host: string) => callbackUrlProblems(`https://${host}/hook`, "m").length === 0;

describe("every special-purpose address, in every notation, is refused (property)", () => {
  const inV4Row = fc.integer({ min: 0, max: V4.length - 1 }).chain((i) => fc.integer({ min: V4[i]!.first, max: V4[i]!.last }));
  const inV6Row = fc.integer({ min: 0, max: V6.length - 1 }).chain((i) => fc.bigInt({ min: V6[i]!.first, max: V6[i]!.last }));

  it("IPv4 special-purpose addresses", () => {
    fc.assert(fc.property(inV4Row, fc.nat(), (n, pick) => {
      const forms = v4Notations(n);
      return refused(forms[pick % forms.length]!);
    }), { numRuns: 2000 });
  });
  it("IPv6 special-purpose addresses, and everything outside 2000::/3", () => {
    const outside = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).filter((n) => n >> 125n !== 1n);
    fc.assert(fc.property(fc.oneof(inV6Row, outside), fc.nat(), (n, pick) => {
      const forms = v6Notations(n);
      return refused(forms[pick % forms.length]!);
    }), { numRuns: 2000 });
  });
  it("any IPv4 address embedded in an IPv6 form, public or not", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 12, max: 20 }), (n, i) => refused(v4Notations(n)[i]!)), { numRuns: 1000 });
  });
  it("public IPv4 in dotted form and public IPv6 in any plain form are accepted", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }).filter((n) => !isSpecial4(n)), (n) => accepted(v4Notations(n)[0]!)), { numRuns: 1000 });
    const public6 = fc.bigInt({ min: 1n << 125n, max: (1n << 126n) - 1n }).filter((n) => !isSpecial6(n));
    fc.assert(fc.property(public6, fc.integer({ min: 0, max: 4 }), (n, i) => accepted(v6Notations(n)[i]!)), { numRuns: 1000 });
  });
  it.each(IPV4_ROWS)("registry row %s: first and last address refused", (row) => {
    const { first, last } = v4Range(row);
    expect(refused(v4Notations(first)[0]!)).toBe(true);
    expect(refused(v4Notations(last)[0]!)).toBe(true);
  });
  it.each(IPV6_ROWS)("registry row %s: first and last address refused", (row) => {
    const { first, last } = v6Range(row);
    expect(refused(v6Notations(first)[0]!)).toBe(true);
    expect(refused(v6Notations(last)[0]!)).toBe(true);
  });
});

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => sendJson(res, 200, { id: "task-1", status: "pending" }));
});
afterAll(() => server.close());
const create = (callback_url: unknown, validate?: boolean) =>
  new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: server.url, maxRetries: 0 })
    .videos.create({ model: "doubao-seedance-1.0-pro-fast", prompt: "p", callback_url } as never, validate === undefined ? {} : { validate })
    .catch((e: unknown) => e);

describe("refused end to end (nothing reaches the server), with and without validation", () => {
  const table: [string, { given: unknown; want: RegExp }][] = [
    ["NAT64 of metadata", { given: "https://[64:ff9b::a9fe:a9fe]/", want: /NAT64.*169\.254\.169\.254/ }],
    ["local-use NAT64", { given: "https://[64:ff9b:1::a00:1]/", want: /64:ff9b:1::\/48/ }],
    ["6to4 of loopback", { given: "https://[2002:7f00:1::]/", want: /6to4.*127\.0\.0\.1/ }],
    ["Teredo", { given: "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", want: /Teredo.*127\.0\.0\.1/ }],
    ["IPv4-translated", { given: "https://[::ffff:0:7f00:1]/", want: /IPv4-translated/ }],
    ["site-local", { given: "https://[fec0::1]/", want: /site-local/ }],
    ["IPv6 multicast", { given: "https://[ff02::1]/", want: /multicast/ }],
    ["IPv4 multicast", { given: "https://224.0.0.251/", want: /multicast/ }],
    ["240/4", { given: "https://240.1.2.3/", want: /240\.0\.0\.0\/4/ }],
    ["limited broadcast", { given: "https://255.255.255.255/", want: /broadcast/ }],
    ["benchmarking 198.18/15", { given: "https://198.19.1.1/", want: /benchmarking/ }],
    ["documentation TEST-NET-3", { given: "https://203.0.113.9/", want: /documentation/ }],
    ["Oracle metadata 192.0.0.192", { given: "https://192.0.0.192/", want: /192\.0\.0\.0\/24/ }],
    ["Alibaba metadata 100.100.100.200", { given: "https://100.100.100.200/", want: /100\.64\.0\.0\/10/ }],
    ["localhost with trailing dots", { given: "https://localhost../", want: /loopback/ }],
    ["LOCALHOST upper-case", { given: "https://LOCALHOST/", want: /loopback/ }],
    ["a *.localhost name", { given: "https://api.localhost/", want: /loopback/ }],
    ["localhost.localdomain", { given: "https://localhost.localdomain/", want: /loopback/ }],
    ["ip6-localhost", { given: "https://ip6-localhost/", want: /loopback/ }],
    ["metadata.google.internal", { given: "https://metadata.google.internal/", want: /internal name/ }],
    ["metadata.google.internal.", { given: "https://metadata.google.internal./", want: /internal name/ }],
    ["instance-data", { given: "https://instance-data/", want: /internal name/ }],
    ["kubernetes.default.svc", { given: "https://kubernetes.default.svc/", want: /internal name/ }],
    ["*.svc.cluster.local", { given: "https://api.default.svc.cluster.local/", want: /internal name/ }],
    ["*.local (mDNS)", { given: "https://printer.local/", want: /internal name/ }],
    ["*.home.arpa", { given: "https://nas.home.arpa/", want: /internal name/ }],
    ["intranet", { given: "https://intranet/", want: /internal name|single-label/ }],
    ["a single-label name", { given: "https://wiki/", want: /single-label/ }],
    ["a single label with a trailing dot", { given: "https://wiki./", want: /single-label/ }],
    ["a backslash before @ (WHATWG and RFC 3986 disagree)", { given: "https://evil.com\\@127.0.0.1/", want: /RFC 3986/ }],
    ["userinfo", { given: "https://user:pw@example.com/", want: /user information/ }],
    ["a percent-encoded host", { given: "https://%65xample.com/", want: /read as example\.com/ }],
    ["a full-width host", { given: "https://ｅxample.com/", want: /RFC 3986/ }],
    ["a tab inside the host", { given: "https://exa\tmple.com/", want: /RFC 3986/ }],
    ["decimal public IPv4 (resolvers disagree)", { given: "https://134744072/", want: /read as 8\.8\.8\.8/ }],
    ["octal-looking public IPv4", { given: "https://010.8.8.8/", want: /read as 8\.8\.8\.8/ }],
    ["an IPv6 zone id", { given: "https://[fe80::1%25eth0]/", want: /absolute https/ }],
    ["a String object", { given: new String("https://127.0.0.1/"), want: /must be a string \(got object\)/ }],
    ["an object whose toJSON is internal", { given: { toJSON: () => "https://169.254.169.254/" }, want: /must be a string \(got object\)/ }],
    ["an array", { given: ["https://127.0.0.1/"], want: /must be a string \(got an array\)/ }],
    ["a number", { given: 2130706433, want: /must be a string \(got number\)/ }],
    ["null", { given: null, want: /must be a string \(got null\)/ }],
    ["http", { given: "http://example.com/", want: /https/ }],
  ];
  it.each(table)("%s", async (_name, { given, want }) => {
    for (const validate of [true, false]) {
      const error = (await create(given, validate)) as InputValidationError;
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error.errors.map((e) => e.message).join("\n")).toMatch(want);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("params whose toJSON swaps in an internal callback are checked as sent", async () => {
    const params = { model: "doubao-seedance-1.0-pro-fast", prompt: "p", toJSON: () => ({ model: "doubao-seedance-1.0-pro-fast", prompt: "p", callback_url: "https://127.0.0.1/" }) };
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: server.url, maxRetries: 0 });
    await expect(gw.videos.create(params as never, { validate: false })).rejects.toBeInstanceOf(InputValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it.each(["https://hooks.example.com/video", "https://8.8.8.8:8443/hook?x=1#f", "https://[2606:4700:4700::1111]/hook", "https://EXAMPLE.com/Hook", "https://example.com./hook"])(
    "accepts %s and sends it unchanged",
    async (url) => {
      const before = server.requests.length;
      await expect(create(url)).resolves.toMatchObject({ id: "task-1" });
      expect(JSON.parse(server.requests[before]!.body).callback_url).toBe(url);
    },
  );
});
