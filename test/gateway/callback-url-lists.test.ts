/**
 * The callback_url rules whose tables and patterns are built when the module loads (internal names
 * and suffixes, the RFC 3986 character set, the https:// authority): the module is imported inside
 * each test, after vi.resetModules(), so they are built while the test runs.
 */
import ipaddr from "ipaddr.js";
import { describe, expect, it, vi } from "vitest";

const MODEL = "doubao-seedance-1.0-pro-fast";
const load = async () => {
  vi.resetModules();
  return import("../../src/gateway/callback-url.js");
};

describe("names that only mean something inside a network", () => {
  it.each([
    ["localhost", "loopback"],
    ["localhost.localdomain", "loopback"],
    ["ip6-localhost", "loopback"],
    ["ip6-loopback", "loopback"],
    ["metadata.google.internal", "an internal name"],
    ["metadata.goog", "an internal name"],
    ["instance-data", "an internal name"],
    ["metadata.tencentyun.com", "an internal name"],
    ["kubernetes.default.svc", "an internal name"],
  ])("the exact name %s is %s", async (name, want) => {
    const { internalHostReason } = await load();
    expect(internalHostReason(name)).toBe(want);
  });

  const suffixes = ["local", "internal", "svc", "cluster.local", "localdomain", "lan", "intranet", "corp", "home", "home.arpa", "arpa", "test", "invalid", "example", "onion", "alt"];
  it.each(suffixes)("a name under .%s is internal", async (suffix) => {
    const { internalHostReason } = await load();
    // The longest matching suffix need not be the one named; any listed one is a refusal.
    expect(internalHostReason(`hooks.${suffix}`)).toMatch(/^an internal name \(\*\.[a-z.]+\)$/);
    expect(internalHostReason(`hooks.${suffix}`)).toContain(suffix.split(".").at(-1));
  });

  it("a name under .localhost is loopback", async () => {
    const { internalHostReason } = await load();
    expect(internalHostReason("api.localhost")).toBe("loopback");
  });

  it.each([
    ["a public name", "hooks.example.com"],
    ["a last label that ends in a digit", "cdn.example.x1"],
    ["a last label that starts with a digit", "cdn.example.1x"],
  ])("%s is not internal", async (_name, host) => {
    const { internalHostReason } = await load();
    expect(internalHostReason(host)).toBeUndefined();
  });
});

describe("every special range ipaddr.js knows is refused by its registry row", () => {
  const rows = (ranges: Record<string, unknown>) =>
    Object.entries(ranges).flatMap(([name, value]) => ((Array.isArray((value as unknown[])[0]) ? value : [value]) as [ipaddr.IPv4 | ipaddr.IPv6, number][]).map(([address]) => [name, address.toString()] as const));
  const v4 = rows((ipaddr.IPv4.prototype as unknown as { SpecialRanges: Record<string, unknown> }).SpecialRanges);
  const v6 = rows((ipaddr.IPv6.prototype as unknown as { SpecialRanges: Record<string, unknown> }).SpecialRanges);

  it.each(v4)("IPv4 %s (%s)", async (range, address) => {
    const { internalHostReason } = await load();
    const reason = internalHostReason(address);
    expect(reason).toMatch(/^in \d+\.\d+\.\d+\.\d+\/\d+, .+\(RFC \d+\)$/);
    expect(reason).not.toBe(range);
  });

  it.each(v6)("IPv6 %s (%s)", async (range, address) => {
    const { internalHostReason } = await load();
    const reason = internalHostReason(`[${address}]`);
    // A registry row's name carries its prefix or RFC in parentheses; ipaddr.js's bare range name does not.
    expect(reason).toMatch(/^[^,]+\(.+\)/);
    expect(reason).not.toBe(range);
  });
});

describe("IPv4 carried inside IPv6", () => {
  it.each([
    ["an IPv4-compatible address embeds even a small one", { given: "[::2]", want: "an IPv4-compatible address (::/96, deprecated), embedding 0.0.0.2" }],
    ["an IPv4-compatible address embeds its last two groups", { given: "[::102:304]", want: "an IPv4-compatible address (::/96, deprecated), embedding 1.2.3.4" }],
    ["::1 is loopback, not an embedding", { given: "[::1]", want: "loopback (::1)" }],
    ["link-local embeds nothing", { given: "[fe80::1]", want: "link-local (fe80::/10)" }],
    ["a second group of ff9b outside NAT64 embeds nothing", { given: "[fe80:ff9b::1]", want: "link-local (fe80::/10)" }],
  ] as const)("%s", async (_name, { given, want }) => {
    const { internalHostReason } = await load();
    expect(internalHostReason(given)).toBe(want);
  });
});

describe("written so every URL parser reads the same host", () => {
  const reason = async (url: string) => {
    const { callbackUrlProblems } = await load();
    return callbackUrlProblems(url, MODEL).map((p) => p.message);
  };

  it.each([
    ["a percent-encoded path", "https://hooks.example.com/a%20b"],
    ["a path of every RFC 3986 character", "https://hooks.example.com/az-AZ_09.~:@!$&'()*+,;=/?q#f"],
    ["no path", "https://hooks.example.com"],
    ["only a query", "https://hooks.example.com?x=1"],
    ["only a fragment", "https://hooks.example.com#x"],
    ["a port", "https://hooks.example.com:8443/x"],
    ["an IPv6 host with a port", "https://[2606:4700:4700::1111]:8443/x"],
  ])("accepts %s", async (_name, url) => {
    expect(await reason(url)).toEqual([]);
  });

  it.each([
    ["a space", { given: "https://hooks.example.com/a b", want: "it holds characters outside RFC 3986" }],
    ["a backslash at the end", { given: "https://hooks.example.com/x\\", want: "it holds characters outside RFC 3986" }],
    ["a quote at the start of the path", { given: 'https://hooks.example.com/"x', want: "it holds characters outside RFC 3986" }],
    ["a percent sign with one hex digit", { given: "https://hooks.example.com/%4", want: "it holds characters outside RFC 3986" }],
    ["a percent sign before two non-hex characters", { given: "https://hooks.example.com/%zz", want: "it holds characters outside RFC 3986" }],
    ["one slash after the scheme, https:// only later", { given: "https:/hooks.example.com/x?next=https://hooks.example.com/", want: "it does not start with https://" }],
    ["an empty port", { given: "https://hooks.example.com:/x", want: "its port is not a number from 0 to 65535" }],
    ["a percent-encoded host", { given: "https://hooks.ex%61mple.com/x", want: "its host is read as hooks.example.com; write it that way" }],
  ] as const)("refuses %s", async (_name, { given, want }) => {
    const messages = await reason(given);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toBe(`callback_url must be written so every URL parser reads the same host (${want}${want.startsWith("it holds") ? ", such as \\, spaces, quotes or non-ASCII; percent-encode them" : ""}) for ${MODEL}`);
  });
});
