/**
 * Output links come from the server's answer, so a hostile or compromised gateway could hand out
 * `http://169.254.169.254/…` or `http://10.0.0.5:6379/` and make a download fetch inside the
 * caller's network. Downloads refuse such hosts: names and address literals are classified like
 * callback URLs (ipaddr.js and the IANA special-purpose registries, see
 * ../gateway/special-addresses.ts), and names are checked again on the address they resolve to,
 * inside the connection's own DNS lookup, so a public name pointing (or rebinding) inward is refused
 * too.
 *
 * The one exception: links on the very origin of the API you called (scheme, host and port of its
 * base URL). Pointing the client at a local server (the mock on 127.0.0.1) already trusts that
 * server; its own files are allowed, and any other internal host still is not.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { internalHostReason } from "../gateway/callback-url.js";

/** Why a URL's host must not be fetched, or undefined. */
export function specialHostReason(url: URL): string | undefined {
  return internalHostReason(url.hostname);
}

/** Why a resolved address is special, or undefined. */
function specialAddressReason(address: string): string | undefined {
  return internalHostReason(address.includes(":") ? `[${address}]` : address);
}

export class SpecialAddressRefusal extends Error {
  override name = "SpecialAddressRefusal";
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for node:http/net that fails when the name resolves to a special address. */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    for (const { address } of addresses) {
      const reason = specialAddressReason(address);
      if (reason) return callback(Object.assign(new SpecialAddressRefusal(`${hostname} resolves to ${address} (${reason})`), { code: "ESPECIALADDRESS" }), []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}
