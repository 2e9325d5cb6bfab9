/** Listening on a free loopback port, and closing with every open connection cut: the test servers' shared start and stop. */
import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Listening {
  url: string;
  port: number;
  /** Destroys every open socket (keep-alive or mid-answer), then closes the server. */
  close(): Promise<void>;
}

export async function listenOnLoopback(server: Server): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
