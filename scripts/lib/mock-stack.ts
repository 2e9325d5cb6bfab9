/**
 * The mock API both ways:
 * - static: Prism serves the spec's examples (choose with `Prefer: code=… / example=… / dynamic=true`);
 * - stateful: the task simulator behind `prism proxy`, which validates every request and response
 *   against the spec and reports each violation (see `violations()`); answers, errors included,
 *   come from the simulator in the contract's own envelope.
 */
import type { Timing } from "../../src/simulator/index.js";
import { startSimulators, type SimulatorServers } from "./simulator-server.js";
import { assertPortFree, startPrism, type PrismProcess } from "./prism.js";

export interface MockStackOptions {
  mindvideoPort: number;
  gatewayPort: number;
  host?: string | undefined;
  stateful?: boolean | undefined;
  /** Static mode: generate responses from the schemas instead of the examples. */
  dynamic?: boolean | undefined;
  timing?: Timing | undefined;
  callbackTimeScale?: number | undefined;
}

/** The violations Prism reported in a slice of its output. */
export function violations(output: string): string[] {
  return output.split("\n").filter((line) => /violation/i.test(line));
}

export interface MockStack {
  mindvideo: PrismProcess;
  gateway: PrismProcess;
  simulators?: SimulatorServers | undefined;
  stop(): Promise<void>;
}

export async function startMockStack(options: MockStackOptions): Promise<MockStack> {
  const host = options.host ?? "127.0.0.1";
  // Check both ports before starting anything, so a taken port fails fast and leaves nothing behind.
  await assertPortFree(options.mindvideoPort, host);
  await assertPortFree(options.gatewayPort, host);
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    await Promise.all(started.splice(0).map((part) => part.stop()));
  };
  try {
    let simulators: SimulatorServers | undefined;
    if (options.stateful) {
      simulators = await startSimulators({ timing: options.timing, callbackTimeScale: options.callbackTimeScale, host, allowLoopbackCallbacks: true });
      started.push({ stop: () => simulators!.close() });
    }
    const prism = (api: "mindvideo" | "gateway", port: number) =>
      simulators
        ? startPrism({ api, port, host, mode: "proxy", upstream: simulators[api].url })
        : startPrism({ api, port, host, mode: "mock", dynamic: options.dynamic ?? false });
    const [mindvideo, gateway] = await Promise.all([prism("mindvideo", options.mindvideoPort), prism("gateway", options.gatewayPort)]);
    started.push(mindvideo, gateway);
    return { mindvideo, gateway, simulators, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
