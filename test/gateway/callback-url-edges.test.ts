import { describe, expect, it } from "vitest";
import { CALLBACK_URL_MAX_LENGTH, callbackUrlProblems, internalHostReason } from "../../src/gateway/callback-url.js";

/** The seed (003): callback_url is HTTPS only, never an internal address, at most 2048 characters. */
const MODEL = "doubao-seedance-1.0-pro-fast";
const message = (given: unknown) => callbackUrlProblems(given, MODEL).map((p) => `${p.path}: ${p.message}`);

describe("callbackUrlProblems: one problem naming the field, the model and the rule", () => {
  it.each([
    ["null", { given: null, want: "callback_url must be a string (got null)" }],
    ["an array", { given: ["https://example.com/hook"], want: "callback_url must be a string (got an array)" }],
    ["a number", { given: 42, want: "callback_url must be a string (got number)" }],
    ["an object", { given: {}, want: "callback_url must be a string (got object)" }],
    ["2049 characters", { given: `https://hooks.example.com/${"a".repeat(2049 - 26)}`, want: "callback_url must be at most 2048 characters long (got 2049)" }],
    ["no scheme", { given: "hooks.example.com/x", want: "callback_url must be an absolute https:// URL" }],
    ["plain http", { given: "http://hooks.example.com/x", want: "callback_url must use https:// (got http://)" }],
    ["a loopback address", { given: "https://127.0.0.1/x", want: "callback_url must not point to an internal address (127.0.0.1 is in 127.0.0.0/8, loopback (RFC 1122))" }],
    ["a backslash", { given: "https://hooks.example.com\\@evil.test/x", want: "callback_url must be written so every URL parser reads the same host (it holds characters outside RFC 3986, such as \\, spaces, quotes or non-ASCII; percent-encode them)" }],
    ["a space", { given: "https://hooks.example.com/a b", want: "(it holds characters outside RFC 3986" }],
    ["a non-ASCII host", { given: "https://bücher.de/x", want: "(it holds characters outside RFC 3986" }],
    ["a stray percent sign", { given: "https://hooks.example.com/100%", want: "(it holds characters outside RFC 3986" }],
    ["a percent sign with one hex digit", { given: "https://hooks.example.com/%4", want: "(it holds characters outside RFC 3986" }],
    ["no slashes after the scheme", { given: "https:hooks.example.com/x", want: "(it does not start with https://)" }],
    ["one slash after the scheme", { given: "https:/hooks.example.com/x", want: "(it does not start with https://)" }],
    ["user information", { given: "https://user@hooks.example.com/x", want: "(it has user information before @)" }],
    ["an empty port", { given: "https://hooks.example.com:/x", want: "(its port is not a number from 0 to 65535)" }],
    ["a port past 65535", { given: "https://hooks.example.com:65536/x", want: "callback_url must be an absolute https:// URL" }],
    ["a percent-encoded host", { given: "https://hooks.ex%61mple.com/x", want: "(its host is read as hooks.example.com; write it that way)" }],
    ["a hex IPv4 host that is public", { given: "https://0x08.8.8.8/x", want: "(its host is read as 8.8.8.8; write it that way)" }],
    ["an IPv6 address with a zone id", { given: "https://[2606:4700::1111%25eth0]/x", want: "callback_url must be an absolute https:// URL" }],
  ] as const)("refuses %s", (_name, { given, want }) => {
    const problems = message(given);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.startsWith("callback_url: callback_url ")).toBe(true);
    expect(problems[0]).toContain(want);
    expect(problems[0]!.endsWith(` for ${MODEL}`)).toBe(true);
  });

  it.each([
    ["exactly 2048 characters", `https://hooks.example.com/${"a".repeat(CALLBACK_URL_MAX_LENGTH - 26)}`],
    ["a capitalised scheme", "HTTPS://hooks.example.com/x"],
    ["a capitalised host (every parser lower-cases it)", "https://Hooks.Example.com/x"],
    ["port 443", "https://hooks.example.com:443/x"],
    ["port 65535", "https://hooks.example.com:65535/x"],
    ["a percent-encoded path", "https://hooks.example.com/a%20b"],
    ["a query and a fragment", "https://hooks.example.com/x?a=1&b=2#done"],
    ["no path", "https://hooks.example.com"],
    ["a public IPv4 address", "https://8.8.8.8/x"],
    ["a public IPv6 address", "https://[2606:4700:4700::1111]/x"],
    ["a public IPv6 address with a port", "https://[2606:4700:4700::1111]:8443/x"],
    ["a public IPv6 address written out", "https://[2606:4700:4700:0:0:0:0:1111]/x"],
    ["an underscore in a label", "https://my_hooks.example.com/x"],
  ])("accepts %s", (_name, given) => {
    expect(callbackUrlProblems(given, MODEL)).toEqual([]);
  });
});

describe("internalHostReason (the host as the WHATWG parser writes it)", () => {
  it.each([
    ["localhost", { given: "localhost", want: "loopback" }],
    ["a name under localhost", { given: "api.localhost", want: "loopback" }],
    ["localhost with a trailing dot", { given: "localhost.", want: "loopback" }],
    ["localhost in capitals", { given: "LOCALHOST", want: "loopback" }],
    ["ip6-loopback", { given: "ip6-loopback", want: "loopback" }],
    ["localhost.localdomain", { given: "localhost.localdomain", want: "loopback" }],
    ["cloud metadata", { given: "metadata.google.internal", want: "an internal name" }],
    ["instance-data", { given: "instance-data", want: "an internal name" }],
    ["kubernetes.default.svc", { given: "kubernetes.default.svc", want: "an internal name" }],
    ["a .local name", { given: "printer.local", want: "an internal name (*.local)" }],
    ["a .internal name", { given: "db.corp.internal", want: "an internal name (*.internal)" }],
    ["home.arpa", { given: "nas.home.arpa", want: "an internal name (*.home.arpa)" }],
    ["a bare suffix", { given: "intranet", want: "an internal name (*.intranet)" }],
    ["a .test name", { given: "hooks.test", want: "an internal name (*.test)" }],
    ["a single label", { given: "webhooks", want: "a single-label name, which resolves inside a network" }],
    ["only dots", { given: "..", want: "not a host name" }],
    ["a label starting with a hyphen", { given: "-hooks.example.com", want: "not a valid DNS name" }],
    ["a label ending with a hyphen", { given: "hooks-.example.com", want: "not a valid DNS name" }],
    ["a label of 64 characters", { given: `${"a".repeat(64)}.example.com`, want: "not a valid DNS name" }],
    ["an empty label", { given: "hooks..example.com", want: "not a valid DNS name" }],
    ["a numeric last label", { given: "hooks.example.123", want: "not a valid DNS name" }],
    ["a host too long to be one", { given: `${"a.".repeat(128)}com`, want: "not a valid host" }],
    ["not a string", { given: 7 as never, want: "not a valid host" }],
    ["shared address space", { given: "100.64.0.1", want: "in 100.64.0.0/10, shared address space / carrier-grade NAT (RFC 6598)" }],
    ["the top of shared address space", { given: "100.127.255.254", want: "in 100.64.0.0/10, shared address space / carrier-grade NAT (RFC 6598)" }],
    ["limited broadcast", { given: "255.255.255.255", want: "in 255.255.255.255/32, limited broadcast (RFC 919)" }],
    ["multicast", { given: "224.0.0.1", want: "in 224.0.0.0/4, multicast (RFC 5771)" }],
    ["IPv6 loopback", { given: "[::1]", want: "loopback (::1)" }],
    ["IPv6 unspecified", { given: "[::]", want: "unspecified (::)" }],
    ["IPv4-mapped loopback", { given: "[::ffff:7f00:1]", want: "an IPv4-mapped address (::ffff:0:0/96), embedding 127.0.0.1" }],
    ["IPv4-compatible", { given: "[::a00:1]", want: "an IPv4-compatible address (::/96, deprecated), embedding 10.0.0.1" }],
    ["NAT64", { given: "[64:ff9b::a9fe:a9fe]", want: "NAT64 well-known prefix (64:ff9b::/96, RFC 6052), embedding 169.254.169.254" }],
    ["6to4", { given: "[2002:c0a8:1::1]", want: "6to4 (2002::/16, RFC 3056), embedding 192.168.0.1" }],
    ["Teredo", { given: "[2001:0:4136:e378:8000:63bf:3fff:fdd2]", want: "Teredo (2001::/32, RFC 4380), embedding 192.0.2.45" }],
    ["IPv6 documentation", { given: "[2001:db8::1]", want: "documentation (2001:db8::/32, RFC 3849)" }],
    ["IPv6 link-local in capitals", { given: "[FE80::1]", want: "link-local (fe80::/10)" }],
    ["IPv6 outside 2000::/3", { given: "[4000::1]", want: "outside global unicast (2000::/3)" }],
    ["an invalid IPv6 address", { given: "[zz::1]", want: "not a valid IPv6 address" }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(internalHostReason(given)).toBe(want);
  });

  it.each([
    ["a public name", "hooks.example.com"],
    ["a name of 256 characters (253 plus room for brackets and a dot)", `${"a.".repeat(126)}abcd`],
    ["a public name with a trailing dot", "hooks.example.com."],
    ["a label of 63 characters", `${"a".repeat(63)}.example.com`],
    ["a one-character label", "a.example.com"],
    ["just outside shared address space", "100.128.0.1"],
    ["just below shared address space", "100.63.255.255"],
    ["a public IPv4 address", "1.1.1.1"],
    ["a public IPv6 address", "[2606:4700:4700::1111]"],
    ["a name that merely contains an internal word", "localhost-tools.example.com"],
    ["a name that ends like a suffix without the dot", "mytest.com"],
  ])("%s is not internal", (_name, given) => {
    expect(internalHostReason(given)).toBeUndefined();
  });
});
