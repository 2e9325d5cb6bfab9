/** The simulator on loopback ports, one per API (each port serves its own API's paths only). */
import { createSimulator, providerOf, type Simulator, type SimulatorOptions } from "../../src/simulator/index.js";
import { serveIncoming, type WebServer } from "./serve-web.js";

export interface SimulatorServers {
  simulator: Simulator;
  mindvideo: { url: string };
  gateway: { url: string };
  close(): Promise<void>;
}

export interface SimulatorServerOptions extends SimulatorOptions {
  host?: string | undefined;
  /** 0 (the default) picks free ports. */
  mindvideoPort?: number | undefined;
  gatewayPort?: number | undefined;
}

export async function startSimulators(options: SimulatorServerOptions = {}): Promise<SimulatorServers> {
  const host = options.host ?? "127.0.0.1";
  const simulator = createSimulator({ allowLoopbackCallbacks: true, ...options });
  const servers: WebServer[] = [];
  try {
    for (const [api, port] of [["mindvideo", options.mindvideoPort ?? 0], ["gateway", options.gatewayPort ?? 0]] as const) {
      servers.push(
        await serveIncoming(
          (request) => {
            const provider = providerOf(request.url.pathname);
            if (provider === api || provider === undefined) return simulator.answer(request);
            // The other API's paths do not exist on this port: a 404 in this port's envelope.
            const unknown = new URL(api === "gateway" ? "/v1/__unknown__" : "/api/v1/__unknown__", request.url);
            return simulator.answer({ method: "GET", url: unknown, header: (name) => request.header(name), body: (max) => request.body(max), discard: () => request.discard(), request: () => request.request() });
          },
          port,
          host,
        ),
      );
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  return {
    simulator,
    mindvideo: { url: servers[0]!.url },
    gateway: { url: servers[1]!.url },
    close: async () => {
      simulator.close();
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}
