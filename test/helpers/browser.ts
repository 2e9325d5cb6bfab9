/** Headless Debian Chromium through playwright-core (never a downloaded browser). */
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserServer } from "playwright-core";
import { inject } from "vitest";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
export const INSTALL_HINT = "Chromium is not installed: run `apt-get install -y chromium` (Debian), or set CHROMIUM_PATH.";

export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

const LAUNCH = {
  headless: true,
  // Flags for a closed network: no background connections that would fail by the dozen.
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

/** One Chromium for the whole run (test/global-setup.ts); each test file connects to it. */
export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer({ executablePath: chromiumPath(), ...LAUNCH });
}

/**
 * A browser for one test file: a connection to the run's shared Chromium when the global setup
 * started one (closing it disconnects), else a Chromium of its own. Tests isolate themselves in
 * their own contexts either way.
 */
export function launchChromium(): Promise<Browser> {
  const shared = sharedEndpoint();
  if (shared) return chromium.connect(shared);
  return chromium.launch({ executablePath: chromiumPath(), ...LAUNCH });
}

function sharedEndpoint(): string | undefined {
  try {
    return inject("chromiumWsEndpoint") || undefined;
  } catch {
    return undefined; // outside a vitest worker
  }
}
