/** Where Debian's Chromium is and how the tests start it (no vitest import: the browser server process uses it too). */
import { existsSync } from "node:fs";
import { chromium, type BrowserServer, type LaunchOptions } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
export const INSTALL_HINT = "Chromium is not installed: run `apt-get install -y chromium` (Debian), or set CHROMIUM_PATH.";

export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

export const launchOptions = (): LaunchOptions => ({
  executablePath: chromiumPath(),
  headless: true,
  // Flags for a closed network: no background connections that would fail by the dozen.
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer(launchOptions());
}
