import { readGatewayPage } from "./gateway-page.js";
import { htmlToText, looksLikeHtml } from "./html-text.js";
import { readMindVideoPage } from "./mindvideo-page.js";
import type { Provider, VendorPage } from "./vendor-page.js";

/** A gateway page is an OpenAPI document; anything else is read as a MindVideo model page. */
export function detectProvider(text: string): Provider {
  return /(?:^|[\s{,])["']?openapi["']?\s*:\s*["']?3\./.test(text) ? "gateway" : "mindvideo";
}

/** Reads a saved vendor page (text, HTML, YAML or JSON); `page` names it in errors. */
export function readVendorPage(source: string, page: string, provider?: Provider): VendorPage {
  const text = looksLikeHtml(source) ? htmlToText(source) : source;
  return (provider ?? detectProvider(text)) === "gateway" ? readGatewayPage(text, page) : readMindVideoPage(text, page);
}
