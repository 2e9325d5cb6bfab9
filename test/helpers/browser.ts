/** Headless Debian Chromium through playwright-core (never a downloaded browser). */
import { chromium, type Browser } from "playwright-core";
import { inject } from "vitest";
import { launchOptions } from "./chromium.js";

export { chromiumPath, INSTALL_HINT } from "./chromium.js";

/**
 * A browser for one test file: a connection to the run's shared Chromium when the global setup
 * started one (closing it disconnects), else a Chromium of its own. Tests isolate themselves in
 * their own contexts either way.
 */
export function launchChromium(): Promise<Browser> {
  const shared = sharedEndpoint();
  return shared ? chromium.connect(shared) : chromium.launch(launchOptions());
}

function sharedEndpoint(): string | undefined {
  try {
    return inject("chromiumWsEndpoint") || undefined;
  } catch {
    return undefined; // outside a vitest worker
  }
}
