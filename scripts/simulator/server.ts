import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createGatewaySimulator, type GatewaySimulator, type GatewaySimulatorOptions } from "./gateway.js";
import { DEFAULT_TIMING, type Timing } from "./lifecycle.js";
import { createMindVideoSimulator, type MindVideoSimulator } from "./mindvideo.js";

export interface SimulatorServers {
  mindvideo: MindVideoSimulator & { url: string };
  gateway: GatewaySimulator & { url: string };
  close(): Promise<void>;
}

export interface SimulatorOptions {
  timing?: Timing | undefined;
  callbackTimeScale?: number | undefined;
  host?: string | undefined;
  /** 0 (the default) picks free ports. */
  mindvideoPort?: number | undefined;
  gatewayPort?: number | undefined;
}

/** Both simulated APIs on their own loopback ports. */
export async function startSimulators(options: SimulatorOptions = {}): Promise<SimulatorServers> {
  const timing = options.timing ?? DEFAULT_TIMING;
  const host = options.host ?? "127.0.0.1";
  const mindvideo = createMindVideoSimulator(timing);
  const gatewayOptions: GatewaySimulatorOptions = { timing, ...(options.callbackTimeScale === undefined ? {} : { callbackTimeScale: options.callbackTimeScale }) };
  const gateway = createGatewaySimulator(gatewayOptions);
  const servers: Server[] = [];
  const listen = async (handle: MindVideoSimulator["handle"], port: number) => {
    const server = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "simulator_error", message: String(error), type: "internal_server_error" } }));
      });
    });
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  };
  const mindvideoUrl = await listen(mindvideo.handle, options.mindvideoPort ?? 0);
  const gatewayUrl = await listen(gateway.handle, options.gatewayPort ?? 0);
  return {
    mindvideo: Object.assign(mindvideo, { url: mindvideoUrl }),
    gateway: Object.assign(gateway, { url: gatewayUrl }),
    close: async () => {
      gateway.close();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); })));
    },
  };
}
