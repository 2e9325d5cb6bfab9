/**
 * Where the simulated gateway may deliver callbacks: public https:// hosts only, never an internal
 * address (loopback, private, link-local such as 169.254.169.254, unique-local, reserved), as the
 * gateway's seed says. Loopback is allowed only when the simulator is told so (local receivers),
 * and then over plain http as well. Host names are not resolved (no DNS in a web-standard core):
 * `localhost` and `*.localhost` count as loopback; other names are taken as public.
 */
import ipaddr from "ipaddr.js";

export type CallbackTarget = { ok: true; url: URL } | { ok: false; reason: string };

export function callbackTarget(raw: string, allowLoopback: boolean): CallbackTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "callback_url is not a valid URL" };
  }
  // Stryker disable next-line Regex: URL.hostname brackets only an IPv6 literal, so [ and ] occur only at its two ends; dropping either anchor strips the same characters
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const loopback = host === "localhost" || host.endsWith(".localhost") || rangeOf(host) === "loopback";
  if (loopback) {
    if (!allowLoopback) return { ok: false, reason: "callback_url points at a loopback address" };
    if (url.protocol === "https:") url.protocol = "http:"; // local receivers need no certificate
    return url.protocol === "http:" ? { ok: true, url } : { ok: false, reason: "callback_url must use https" };
  }
  if (url.protocol !== "https:") return { ok: false, reason: "callback_url must use https" };
  const range = rangeOf(host);
  if (range !== undefined && range !== "unicast") return { ok: false, reason: `callback_url points at an internal address (${range})` };
  return { ok: true, url };
}

/** The ipaddr.js range of an IP literal (IPv4-mapped IPv6 judged as IPv4), or undefined for a name. */
function rangeOf(host: string): string | undefined {
  if (!ipaddr.isValid(host)) return undefined;
  let address = ipaddr.parse(host);
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  return address.range();
}
