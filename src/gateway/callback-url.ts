/**
 * The gateway's callback_url rules, checked before sending whatever `validate` says: a string,
 * HTTPS only, at most 2048 characters, never an internal address or name, and written so that
 * every URL parser reads the same host (RFC 3986 and WHATWG disagree on `\`, userinfo, numeric
 * hosts such as `0x7f.1`, percent-encoded or non-ASCII hosts: those are refused). Addresses are
 * classified with ipaddr.js and the IANA special-purpose registries (./special-addresses.ts),
 * including IPv4 embedded in mapped, NAT64, 6to4 and Teredo IPv6 forms. Host names are not
 * resolved: a public name pointing inward (DNS rebinding, wildcard DNS) is the gateway's to refuse.
 */
import ipaddr from "ipaddr.js";
import type { InputProblem } from "../errors.js";
import { SPECIAL_IPV4, SPECIAL_IPV6 } from "./special-addresses.js";

export const CALLBACK_URL_MAX_LENGTH = 2048;

const parseCidrs = (rows: readonly (readonly [string, string])[]) => rows.map(([cidr, name]) => [ipaddr.parseCIDR(cidr), cidr, name] as const);
let tables: { v4: ReturnType<typeof parseCidrs>; v6: ReturnType<typeof parseCidrs> } | undefined;
const special = () => (tables ??= { v4: parseCidrs(SPECIAL_IPV4), v6: parseCidrs(SPECIAL_IPV6) });

/** Exact names and name suffixes that only mean something inside a network. */
const INTERNAL_NAMES = new Set(["localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "metadata.google.internal", "metadata.goog", "instance-data", "metadata.tencentyun.com", "kubernetes.default.svc"]);
const INTERNAL_SUFFIXES = ["localhost", "local", "internal", "svc", "cluster.local", "localdomain", "lan", "intranet", "corp", "home", "home.arpa", "arpa", "test", "invalid", "example", "onion", "alt"];

/** RFC 3986 characters; `%` only as an escape. */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const HTTPS_AUTHORITY = /^https:\/\/([^/?#]*)(?:[/?#]|$)/i;

export function callbackUrlProblems(value: unknown, model: string): InputProblem[] {
  const problem = (message: string): InputProblem[] => [{ path: "callback_url", message: `callback_url ${message} for ${model}` }];
  if (typeof value !== "string") return problem(`must be a string (got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value})`);
  if (value.length > CALLBACK_URL_MAX_LENGTH) return problem(`must be at most ${CALLBACK_URL_MAX_LENGTH} characters long (got ${value.length})`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problem("must be an absolute https:// URL");
  }
  if (url.protocol !== "https:") return problem(`must use https:// (got ${url.protocol}//)`);
  const reason = internalHostReason(url.hostname);
  if (reason) return problem(`must not point to an internal address (${url.hostname} is ${reason})`);
  const ambiguity = ambiguityReason(value, url);
  return ambiguity ? problem(`must be written so every URL parser reads the same host (${ambiguity})`) : [];
}

/** Why URL parsers could read `raw` differently from the WHATWG parser's `url`, or undefined. */
function ambiguityReason(raw: string, url: URL): string | undefined {
  if (!URI_CHARS.test(raw)) return "it holds characters outside RFC 3986, such as \\, spaces, quotes or non-ASCII; percent-encode them";
  const authority = HTTPS_AUTHORITY.exec(raw)?.[1];
  if (authority === undefined) return "it does not start with https://";
  if (authority.includes("@")) return "it has user information before @";
  // Stryker disable next-line Regex,MethodExpression,StringLiteral,ArithmeticOperator,ConditionalExpression: the URL parsed, so a host without brackets holds no colon and a bracketed one ends in ] or ]:port; the port found is the same whether the part before ] is cut or not
  const port = /:(\d*)$/.exec(authority.startsWith("[") ? authority.slice(authority.indexOf("]") + 1) : authority);
  const host = port ? authority.slice(0, authority.length - port[0].length) : authority;
  if (port && (port[1] === "" || Number(port[1]) > 65535)) return "its port is not a number from 0 to 65535";
  if (host.startsWith("[")) {
    const inner = host.slice(1, -1);
    // Stryker disable next-line Regex,ConditionalExpression,LogicalOperator,StringLiteral: the URL parser accepted this bracketed host as an IPv6 address and URI_CHARS refused anything else, so it is plain hex, colons and dots that ipaddr.js reads too (defence in depth)
    if (!/^[0-9A-Fa-f:.]+$/.test(inner) || !ipaddr.IPv6.isValid(inner)) return "its IPv6 address is not plain (zone ids and other forms are refused)";
    return ipaddr.parse(inner).toNormalizedString() === ipaddr.parse(url.hostname.slice(1, -1)).toNormalizedString() ? undefined : "its IPv6 address is read differently";
  }
  if (host.toLowerCase() !== url.hostname) return `its host is read as ${url.hostname}; write it that way`;
  return undefined;
}

/** Why a URL host (as the WHATWG parser serializes it) is internal, or undefined when it may be public. */
export function internalHostReason(hostname: string): string | undefined {
  if (typeof hostname !== "string" || hostname.length > 253 + 3) return "not a valid host";
  const host = hostname.toLowerCase();
  if (host.startsWith("[")) return internalIpv6Reason(host.slice(1, -1));
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) return internalIpv4Reason(ipaddr.IPv4.parse(host));
  return internalNameReason(host);
}

function internalNameReason(host: string): string | undefined {
  const name = host.replace(/\.+$/, "");
  if (name === "") return "not a host name";
  if (INTERNAL_NAMES.has(name)) return name.includes("localhost") || name.includes("loopback") ? "loopback" : "an internal name";
  const suffix = INTERNAL_SUFFIXES.find((s) => name === s || name.endsWith(`.${s}`));
  if (suffix) return suffix === "localhost" ? "loopback" : `an internal name (*.${suffix})`;
  const labels = name.split(".");
  if (labels.length === 1) return "a single-label name, which resolves inside a network";
  if (!labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l))) return "not a valid DNS name";
  if (/^\d+$/.test(labels[labels.length - 1]!)) return "not a valid DNS name";
  return undefined;
}

function internalIpv4Reason(address: ipaddr.IPv4): string | undefined {
  for (const [range, cidr, name] of special().v4) if (address.match(range as [ipaddr.IPv4, number])) return `in ${cidr}, ${name}`;
  const range = address.range();
  return range === "unicast" ? undefined : `${range}`;
}

function internalIpv6Reason(text: string): string | undefined {
  if (!ipaddr.IPv6.isValid(text)) return "not a valid IPv6 address";
  const address = ipaddr.IPv6.parse(text);
  const embedded = embeddedIpv4(address);
  const inside = embedded ? `, embedding ${embedded}` : "";
  for (const [range, , name] of special().v6) if (address.match(range as [ipaddr.IPv6, number])) return `${name}${inside}`;
  // Only 2000::/3 is allocated for global unicast; everything else is reserved or special.
  if (!address.match(ipaddr.IPv6.parse("2000::"), 3)) return "outside global unicast (2000::/3)";
  const range = address.range();
  return range === "unicast" ? undefined : `${range}${inside}`;
}

/** The IPv4 address carried in a mapped, translated, compatible, NAT64, 6to4 or Teredo address. */
function embeddedIpv4(address: ipaddr.IPv6): string | undefined {
  const p = address.parts;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  if (p[0] === 0x2002) return v4(p[1]!, p[2]!);
  if (p[0] === 0x2001 && p[1] === 0) return v4(p[6]! ^ 0xffff, p[7]! ^ 0xffff);
  if ((p[0] === 0x64 && p[1] === 0xff9b) || (p.slice(0, 4).every((g) => g === 0) && p[6]! + p[7]! > 1)) return v4(p[6]!, p[7]!);
  return undefined;
}
