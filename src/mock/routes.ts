/**
 * Which requests the mock answers: those under a base URL it was told about (both providers'
 * defaults, plus any configured), and the mock's own `/__mock/` routes (outputs, control) at those
 * origins. Everything else is not the mock's business.
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
  origin: string;
  /** The base URL's path without a trailing slash ("" at the root). */
  prefix: string;
}

export interface Route {
  provider: ProviderName;
  /** The URL the simulator sees: the same origin, the base's path prefix removed. */
  url: URL;
  control: boolean;
}

export interface Router {
  readonly baseUrls: Readonly<Record<ProviderName, readonly string[]>>;
  match(url: string | URL): Route | undefined;
}

function parseBase(provider: ProviderName, raw: string): Base {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`createMock: baseUrls.${provider} has an invalid URL ${JSON.stringify(raw)} (want an absolute http(s) URL)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`createMock: baseUrls.${provider} must be http(s) (got ${JSON.stringify(raw)})`);
  if (url.search || url.hash) throw new TypeError(`createMock: baseUrls.${provider} must not have a query or fragment (got ${JSON.stringify(raw)})`);
  return { provider, origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") };
}

const list = (value: string | readonly string[] | undefined): readonly string[] => (value === undefined ? [] : typeof value === "string" ? [value] : value);

export function createRouter(extra: BaseUrls = {}): Router {
  const baseUrls = {
    mindvideo: [...new Set([apiServers.mindvideo, ...list(extra.mindvideo)])],
    gateway: [...new Set([apiServers.gateway, ...list(extra.gateway)])],
  };
  // Longest prefix first, so a base nested under another wins.
  const bases = (["mindvideo", "gateway"] as const)
    .flatMap((provider) => baseUrls[provider].map((raw) => parseBase(provider, raw)))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const origins = new Set(bases.map((base) => base.origin));

  return {
    baseUrls: Object.freeze({ mindvideo: Object.freeze(baseUrls.mindvideo), gateway: Object.freeze(baseUrls.gateway) }),
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
        return { provider: base.provider, url: inner, control: inner.pathname.startsWith(CONTROL_PREFIX) };
      }
      // Output links and control routes live at the root of every mocked origin.
      if (url.pathname.startsWith(CONTROL_PREFIX)) return { provider: bases.find((b) => b.origin === url.origin)!.provider, url, control: true };
      return undefined;
    },
  };
}
