/**
 * The gateway's callback_url rules, checked before sending: HTTPS only, at most 2048 characters,
 * and never an internal address. The WHATWG URL parser normalizes IPv4 written in decimal, octal
 * or hex (`https://2130706433/`, `https://0x7f.1/`) and IPv6 forms to one canonical host, which is
 * what gets checked. Host names are not resolved: a public name pointing inward (DNS rebinding)
 * is the gateway's to refuse.
 */
import type { InputProblem } from "../errors.js";

export const CALLBACK_URL_MAX_LENGTH = 2048;

/** [first address, prefix length] of IPv4 ranges that are not public. */
const INTERNAL_IPV4: [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
];

export function callbackUrlProblems(value: string, model: string): InputProblem[] {
  const problem = (message: string): InputProblem[] => [{ path: "callback_url", message: `callback_url ${message} for ${model}` }];
  if (value.length > CALLBACK_URL_MAX_LENGTH) return problem(`must be at most ${CALLBACK_URL_MAX_LENGTH} characters long (got ${value.length})`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problem("must be an absolute https:// URL");
  }
  if (url.protocol !== "https:") return problem(`must use https:// (got ${url.protocol}//)`);
  const reason = internalHostReason(url.hostname);
  return reason ? problem(`must not point to an internal address (${url.hostname} is ${reason})`) : [];
}

/** Why a URL host is internal, or undefined when it may be public. */
export function internalHostReason(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  if (host.startsWith("[")) return internalIpv6Reason(host.slice(1, -1));
  const ipv4 = parseIpv4(host);
  if (ipv4 !== undefined) return internalIpv4Reason(ipv4);
  return undefined;
}

function internalIpv4Reason(address: number): string | undefined {
  for (const [first, bits] of INTERNAL_IPV4) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if (((address & mask) >>> 0) === parseIpv4(first)) return `in ${first}/${bits}`;
  }
  return undefined;
}

function internalIpv6Reason(text: string): string | undefined {
  const groups = parseIpv6(text);
  if (!groups) return "not a valid IPv6 address";
  const isZero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (isZero(0, 7) && groups[7] === 1) return "loopback (::1)";
  if (isZero(0, 8)) return "unspecified (::)";
  if (isZero(0, 5) && groups[5] === 0xffff) return "an IPv4-mapped address (::ffff:0:0/96)";
  if (isZero(0, 6)) return "an IPv4-compatible address (::/96)";
  if ((groups[0]! & 0xfe00) === 0xfc00) return "unique local (fc00::/7)";
  if ((groups[0]! & 0xffc0) === 0xfe80) return "link-local (fe80::/10)";
  return undefined;
}

/** Dotted-quad IPv4 (the URL parser has already normalized other spellings to it). */
function parseIpv4(host: string): number | undefined {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((sum, p) => sum * 256 + Number(p), 0);
}

/** A WHATWG-serialized IPv6 address (hex groups, at most one `::`; never a dotted IPv4 tail). */
function parseIpv6(text: string): number[] | undefined {
  const parse = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const [head, rest, extra] = text.split("::");
  if (extra !== undefined) return undefined;
  const left = parse(head);
  const right = parse(rest);
  const groups = rest === undefined ? left : [...left, ...Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}
