/** Class 6: toNodeListener streams both ways, notices a client that leaves, survives a failing body, keeps every Set-Cookie. */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { toNodeListener } from "../../src/node/index.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => { s.closeAllConnections(); s.close(resolve); })));
});
async function mount(handler: (request: Request) => Promise<Response>): Promise<number> {
  const server = createServer(toNodeListener(handler));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}
const get = (port: number, path = "/") =>
  new Promise<{ res: IncomingMessage; body: string; error?: Error }>((resolve) => {
    const req = httpRequest({ port, host: "127.0.0.1", path }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ res, body }));
      res.on("error", (error) => resolve({ res, body, error }));
      res.on("aborted", () => resolve({ res, body, error: new Error("aborted") }));
    });
    req.on("error", (error) => resolve({ res: undefined as never, body: "", error }));
    req.end();
  });

describe("toNodeListener", () => {
  it.each<[string, (controller: ReadableStreamDefaultController<Uint8Array>) => void]>([
    ["errors after a first chunk", (c) => {
      c.enqueue(new TextEncoder().encode("partial"));
      queueMicrotask(() => c.error(new Error("disk on fire")));
    }],
    ["errors before any chunk", (c) => c.error(new Error("disk on fire"))],
  ])("a response body that %s ends that response, not the process", async (_name, start) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      let calls = 0;
      const port = await mount(async () => (++calls === 1 ? new Response(new ReadableStream({ start })) : new Response("fine")));
      const broken = await get(port);
      expect(broken.error ?? broken.res.complete === false).toBeTruthy();
      const next = await get(port);
      expect(next.body).toBe("fine");
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("a handler that throws gives a 500 envelope without the error's text", async () => {
    const port = await mount(async () => {
      throw new Error("secret detail sk-123");
    });
    const { res, body } = await get(port);
    expect(res.statusCode).toBe(500);
    expect(body).not.toContain("secret detail");
    expect(JSON.parse(body).error.code).toBe("handler_failed");
  });

  it("keeps every Set-Cookie", async () => {
    const port = await mount(async () => {
      const headers = new Headers();
      headers.append("set-cookie", "a=1; Path=/");
      headers.append("set-cookie", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT");
      return new Response("ok", { headers });
    });
    const { res } = await get(port);
    expect(res.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"]);
  });

  it("streams the response: the first chunk arrives while the body is still open", async () => {
    let finish!: () => void;
    const port = await mount(async () => new Response(new ReadableStream({ start: (c) => { c.enqueue(new TextEncoder().encode("first")); finish = () => c.close(); } })));
    const first = await new Promise<string>((resolve) => {
      httpRequest({ port, host: "127.0.0.1" }, (res) => res.once("data", (d: Buffer) => resolve(String(d)))).end();
    });
    expect(first).toBe("first");
    finish();
  });

  it("streams the request: the handler reads the first chunk before the client has sent the rest", async () => {
    let sawFirst!: (text: string) => void;
    const firstSeen = new Promise<string>((resolve) => (sawFirst = resolve));
    const port = await mount(async (request) => {
      const reader = request.body!.getReader();
      const { value } = await reader.read();
      sawFirst(new TextDecoder().decode(value));
      let rest = "";
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
      return new Response(`rest:${rest}`);
    });
    const answer = new Promise<string>((resolve) => {
      const req = httpRequest({ port, host: "127.0.0.1", method: "POST" }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve(body));
      });
      req.write("one");
      void firstSeen.then(() => req.end("two"));
    });
    expect(await firstSeen).toBe("one");
    expect(await answer).toBe("rest:two");
  });

  it("a client that goes away aborts the handler's request signal and cancels the response stream", async () => {
    let aborted!: () => void;
    const abortSeen = new Promise<void>((resolve) => (aborted = resolve));
    let cancelled!: () => void;
    const cancelSeen = new Promise<void>((resolve) => (cancelled = resolve));
    const port = await mount(async (request) => {
      request.signal.addEventListener("abort", aborted);
      return new Response(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(16 * 1024)), cancel: cancelled }));
    });
    await new Promise<void>((resolve) => {
      const req = httpRequest({ port, host: "127.0.0.1" }, (res) => res.once("data", () => { req.destroy(); resolve(); }));
      req.on("error", () => {});
      req.end();
    });
    await abortSeen;
    await cancelSeen;
  });
});
