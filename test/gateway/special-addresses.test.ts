import { describe, expect, it, vi } from "vitest";

/**
 * One address from each row of the IANA IPv4 and IPv6 Special-Purpose Address Registries (plus
 * multicast and the deprecated IPv6 ranges), and the reason a callback to it is refused. The module
 * is loaded inside the test, so its tables are built while the test runs.
 */
const IPV4: [string, string][] = [
  ["0.1.2.3", "0.0.0.0/8, “this network” (RFC 791)"],
  ["10.1.2.3", "10.0.0.0/8, private-use (RFC 1918)"],
  ["100.64.1.1", "100.64.0.0/10, shared address space / carrier-grade NAT (RFC 6598)"],
  ["127.1.1.1", "127.0.0.0/8, loopback (RFC 1122)"],
  ["169.254.1.1", "169.254.0.0/16, link-local, cloud metadata (RFC 3927)"],
  ["172.20.0.1", "172.16.0.0/12, private-use (RFC 1918)"],
  ["192.0.0.1", "192.0.0.0/29, IPv4 service continuity prefix (RFC 7335)"],
  ["192.0.0.8", "192.0.0.8/32, IPv4 dummy address (RFC 7600)"],
  ["192.0.0.9", "192.0.0.9/32, port control protocol anycast (RFC 7723)"],
  ["192.0.0.10", "192.0.0.10/32, traversal using relays around NAT anycast (RFC 8155)"],
  ["192.0.0.170", "192.0.0.170/32, NAT64/DNS64 discovery (RFC 8880)"],
  ["192.0.0.171", "192.0.0.171/32, NAT64/DNS64 discovery (RFC 8880)"],
  ["192.0.0.100", "192.0.0.0/24, IETF protocol assignments (RFC 6890)"],
  ["192.0.2.1", "192.0.2.0/24, documentation TEST-NET-1 (RFC 5737)"],
  ["192.31.196.1", "192.31.196.0/24, AS112-v4 (RFC 7535)"],
  ["192.52.193.1", "192.52.193.0/24, AMT (RFC 7450)"],
  ["192.88.99.1", "192.88.99.0/24, deprecated 6to4 relay anycast (RFC 7526)"],
  ["192.168.1.1", "192.168.0.0/16, private-use (RFC 1918)"],
  ["192.175.48.1", "192.175.48.0/24, direct delegation AS112 service (RFC 7534)"],
  ["198.19.0.1", "198.18.0.0/15, benchmarking (RFC 2544)"],
  ["198.51.100.1", "198.51.100.0/24, documentation TEST-NET-2 (RFC 5737)"],
  ["203.0.113.1", "203.0.113.0/24, documentation TEST-NET-3 (RFC 5737)"],
  ["239.1.1.1", "224.0.0.0/4, multicast (RFC 5771)"],
  ["255.255.255.255", "255.255.255.255/32, limited broadcast (RFC 919)"],
  ["240.0.0.1", "240.0.0.0/4, reserved (RFC 1112)"],
];

const IPV6: [string, string][] = [
  ["::1", "loopback (::1)"],
  ["::", "unspecified (::)"],
  ["::ffff:0:1", "an IPv4-mapped address (::ffff:0:0/96)"],
  ["::ffff:0:0:1", "an IPv4-translated address (::ffff:0:0:0/96, RFC 6145)"],
  ["::1:0", "an IPv4-compatible address (::/96, deprecated)"],
  ["64:ff9b::1", "NAT64 well-known prefix (64:ff9b::/96, RFC 6052), embedding 0.0.0.1"],
  ["64:ff9b:1::1", "local-use NAT64 (64:ff9b:1::/48, RFC 8215), embedding 0.0.0.1"],
  ["100::1", "discard-only (100::/64, RFC 6666)"],
  ["100:0:0:1::1", "dummy IPv6 prefix (100:0:0:1::/64, RFC 9780)"],
  ["2001::1", "Teredo (2001::/32, RFC 4380), embedding 255.255.255.254"],
  ["2001:1::1", "port control protocol anycast (RFC 7723)"],
  ["2001:1::2", "TURN anycast (RFC 8155)"],
  ["2001:1::3", "DNS-SD service registration anycast (RFC 9665)"],
  ["2001:2::1", "benchmarking (2001:2::/48, RFC 5180)"],
  ["2001:3::1", "AMT (2001:3::/32, RFC 7450)"],
  ["2001:4:112::1", "AS112-v6 (RFC 7535)"],
  ["2001:10::1", "deprecated ORCHID (RFC 4843)"],
  ["2001:20::1", "ORCHIDv2 (RFC 7343)"],
  ["2001:30::1", "drone remote ID entity tags (RFC 9374)"],
  ["2001:100::1", "IETF protocol assignments (2001::/23, RFC 2928)"],
  ["2001:db8::1", "documentation (2001:db8::/32, RFC 3849)"],
  ["2002::1", "6to4 (2002::/16, RFC 3056), embedding 0.0.0.0"],
  ["2620:4f:8000::1", "direct delegation AS112 service (RFC 7534)"],
  ["3fff::1", "documentation (3fff::/20, RFC 9637)"],
  ["5f00::1", "segment routing SIDs (5f00::/16, RFC 9602)"],
  ["fd00::1", "unique local (fc00::/7)"],
  ["fe80::1", "link-local (fe80::/10)"],
  ["fec0::1", "site-local (fec0::/10, deprecated)"],
  ["ff02::1", "multicast (ff00::/8)"],
];

describe("special-purpose addresses, one per registry row", () => {
  it("every row is refused with its own reason", async () => {
    vi.resetModules();
    const { internalHostReason } = await import("../../src/gateway/callback-url.js");
    const got = [...IPV4.map(([address]) => [address, internalHostReason(address)]), ...IPV6.map(([address]) => [address, internalHostReason(`[${address}]`)])];
    expect(got).toEqual([...IPV4.map(([address, reason]) => [address, `in ${reason}`]), ...IPV6]);
  });

  it("the tables list each row once, IPv4 in CIDR form", async () => {
    vi.resetModules();
    const { SPECIAL_IPV4, SPECIAL_IPV6 } = await import("../../src/gateway/special-addresses.js");
    expect(SPECIAL_IPV4).toHaveLength(IPV4.length + 1); // 0.0.0.0/32 sits inside 0.0.0.0/8
    expect(SPECIAL_IPV6).toHaveLength(IPV6.length);
    expect(SPECIAL_IPV4).toContainEqual(["0.0.0.0/32", "“this host” (RFC 1122)"]);
    expect(new Set([...SPECIAL_IPV4, ...SPECIAL_IPV6].map(([cidr]) => cidr)).size).toBe(IPV4.length + 1 + IPV6.length);
  });

  it("public addresses next to them are not refused", async () => {
    vi.resetModules();
    const { internalHostReason } = await import("../../src/gateway/callback-url.js");
    expect(["1.1.1.1", "100.128.0.1", "172.32.0.1", "192.0.1.1", "198.20.0.1", "223.255.255.254", "[2606:4700::1]", "[2001:200::1]"].map((host) => internalHostReason(host))).toEqual(Array(8).fill(undefined));
  });
});
