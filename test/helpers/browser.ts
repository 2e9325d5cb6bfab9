/** Headless Debian Chromium through playwright-core (never a downloaded browser). */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
export const INSTALL_HINT = "Chromium is not installed: run `apt-get install -y chromium` (Debian), or set CHROMIUM_PATH.";

export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

/** Flags for a closed network: no background connections that would fail by the dozen. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
