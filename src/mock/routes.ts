/**
 * Which requests the mock answers: those under a base URL it was told about (both providers'
 * defaults, plus any configured), under your own proxy routes (createProxyHandler's, which add the
 * key), and the mock's own `/__mock/` routes (outputs, control) at those origins. Everything else is
 * not the mock's business.
 */
import { apiServers } from "../../generated/models/registry.js";
import type { ProviderName } from "../simulator/state.js";

export const CONTROL_PREFIX = "/__mock/";

export interface BaseUrls {
  mindvideo?: string | readonly string[] | undefined;
  gateway?: string | readonly string[] | undefined;
}

interface Base {
  provider: ProviderName;
  /** Your server's proxy route: it adds the key, so the browser sends none. */
  proxy: boolean;
  origin: string;
  /** The base URL's path without a trailing slash ("" at the root). */
  prefix: string;
}

export interface Route {
  provider: ProviderName;
  /** The URL the simulator sees: the same origin, the base's path prefix removed. */
  url: URL;
  control: boolean;
  /** Reached through a proxy route: the request carries no key of its own. */
  proxy: boolean;
}

export interface Router {
  /** Every base URL answered (API and proxy routes), absolute. */
  readonly baseUrls: Readonly<Record<ProviderName, readonly string[]>>;
  match(url: string | URL): Route | undefined;
}

/** The page's address, against which relative routes ("/api/mindvideo") resolve. */
function pageUrl(): string | undefined {
  const location = (globalThis as { location?: { href?: unknown } }).location;
  return typeof location?.href === "string" && /^https?:/.test(location.href) ? location.href : undefined;
}

function parseBase(option: "baseUrls" | "proxies", provider: ProviderName, raw: string): Base {
  const name = `createMock: ${option}.${provider}`;
  let url: URL;
  try {
    url = new URL(raw, pageUrl());
  } catch {
    throw new TypeError(`${name} has an invalid URL ${JSON.stringify(raw)} (want an absolute http(s) URL, or a path like "/api/mindvideo" in a page)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`${name} must be http(s) (got ${JSON.stringify(raw)})`);
  if (url.search || url.hash) throw new TypeError(`${name} must not have a query or fragment (got ${JSON.stringify(raw)})`);
  return { provider, proxy: option === "proxies", origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") };
}

const list = (value: string | readonly string[] | undefined): readonly string[] => (value === undefined ? [] : typeof value === "string" ? [value] : value);

export function createRouter(extra: BaseUrls = {}, proxies: BaseUrls = {}): Router {
  const providers = ["mindvideo", "gateway"] as const;
  // Longest prefix first, so a base nested under another wins.
  const bases = [
    ...providers.flatMap((provider) => [apiServers[provider], ...list(extra[provider])].map((raw) => parseBase("baseUrls", provider, raw))),
    ...providers.flatMap((provider) => list(proxies[provider]).map((raw) => parseBase("proxies", provider, raw))),
  ].sort((a, b) => b.prefix.length - a.prefix.length);
  const urlsOf = (provider: ProviderName) => Object.freeze([...new Set(bases.filter((b) => b.provider === provider).map((b) => `${b.origin}${b.prefix}`))]);
  const baseUrls = { mindvideo: urlsOf("mindvideo"), gateway: urlsOf("gateway") };
  const origins = new Set(bases.map((base) => base.origin));

  return {
    baseUrls: Object.freeze(baseUrls),
    match(input) {
      let url: URL;
      try {
        url = new URL(String(input));
      } catch {
        return undefined;
      }
      if (!origins.has(url.origin)) return undefined;
      for (const base of bases) {
        if (base.origin !== url.origin) continue;
        if (url.pathname !== base.prefix && !url.pathname.startsWith(`${base.prefix}/`)) continue;
        const inner = new URL(url.href);
        inner.pathname = url.pathname.slice(base.prefix.length) || "/";
        return { provider: base.provider, url: inner, control: inner.pathname.startsWith(CONTROL_PREFIX), proxy: base.proxy };
      }
      // Output links and control routes live at the root of every mocked origin.
      if (url.pathname.startsWith(CONTROL_PREFIX)) return { provider: bases.find((b) => b.origin === url.origin)!.provider, url, control: true, proxy: false };
      return undefined;
    },
  };
}
