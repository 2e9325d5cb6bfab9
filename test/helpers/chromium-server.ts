/**
 * One headless Chromium for a whole test run, in a process of its own (so Playwright's server side
 * does not load the vitest main process): prints its WebSocket endpoint on one line, then serves
 * until SIGTERM. Started by test/global-setup.ts.
 */
import { launchChromiumServer } from "./chromium.js";

const server = await launchChromiumServer();
process.stdout.write(`${server.wsEndpoint()}\n`);
const stop = () => void server.close().finally(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.on("disconnect", stop);
