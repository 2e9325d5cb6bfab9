/**
 * nodeHttpFetch against a raw loopback server (node:net, so any status line and byte sequence can be
 * sent): statuses with and without bodies, encodings, lengths, a body cut after N bytes read slowly,
 * cancel, connection limits and close(); guardedLookup on address literals (no DNS server involved).
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer as createHttpServer } from "node:http";
import { createServer, type Socket } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { guardedLookup, SpecialAddressRefusal, specialHostReason } from "../../../src/node/address-guard.js";
import { DEFAULT_NODE_HTTP_FETCH_OPTIONS, nodeHttpFetch } from "../../../src/node/http-fetch.js";
import { listenOnLoopback } from "../../helpers/loopback.js";

interface Raw {
  url: string;
  /** What each connection received (request heads and bodies), in order. */
  received: string[];
  /** Connections currently open. */
  open: () => number;
  /** Resolves when no connection is open (at once if none is). */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

/** A server that answers every request with `answer(socket, requestText)`; the socket is the raw connection. */
async function rawServer(answer: (socket: Socket, request: string) => void): Promise<Raw> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const closedAll: (() => void)[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      if (sockets.size === 0) closedAll.splice(0).forEach((resolve) => resolve());
    });
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      const head = text.indexOf("\r\n\r\n");
      if (head < 0) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, head))?.[1] ?? 0);
      if (text.length < head + 4 + length) return;
      const request = text.slice(0, head + 4 + length);
      text = text.slice(head + 4 + length);
      received.push(request);
      answer(socket, request);
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    open: () => sockets.size,
    allClosed: () => new Promise<void>((resolve) => (sockets.size === 0 ? resolve() : closedAll.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const head = (status: string, headers: [string, string][], body?: Buffer | string) => {
  const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
  const lines = [`HTTP/1.1 ${status}`, ...headers.map(([k, v]) => `${k}: ${v}`), ...(bytes ? [`content-length: ${bytes.length}`] : [])];
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), bytes ?? Buffer.alloc(0)]);
};

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
async function setup(answer: (socket: Socket, request: string) => void, options?: Parameters<typeof nodeHttpFetch>[0]) {
  const server = await rawServer(answer);
  const fetch = nodeHttpFetch(options);
  cleanups.push(() => server.close(), () => fetch.close());
  return { server, fetch };
}

describe("nodeHttpFetch answers", () => {
  it.each([
    ["200 OK", 200, "OK", "hello"],
    ["201 Created", 201, "Created", "made"],
    ["299 Odd", 299, "Odd", "x"],
    ["404 Not Found", 404, "Not Found", "missing"],
    ["503 Busy", 503, "Busy", "later"],
    ["599 Edge", 599, "Edge", "edge"],
  ])("%s keeps its status, status text and body", async (line, status, statusText, body) => {
    const { server, fetch } = await setup((socket) => socket.write(head(line, [["x-a", "1"]], body)));
    const response = await fetch(new Request(`${server.url}/p`));
    expect([response.status, response.statusText, response.headers.get("x-a"), await response.text()]).toEqual([status, statusText, "1", body]);
  });

  it.each(["600 Beyond", "999 Far"])("a status outside 200–599 (%s) is a TypeError, like fetch's", async (line) => {
    const { server, fetch } = await setup((socket) => socket.write(head(line, [], "x")));
    await expect(fetch(new Request(`${server.url}/p`))).rejects.toThrow(new TypeError(`fetch failed: the server answered status ${line.split(" ")[0]}`));
  });

  it.each(["204 No Content", "205 Reset Content", "304 Not Modified"])("%s has a null body", async (line) => {
    const { server, fetch } = await setup((socket) => socket.write(head(line, [["etag", '"e"']])));
    const response = await fetch(new Request(`${server.url}/p`));
    expect(response.body).toBeNull();
    expect(response.headers.get("etag")).toBe('"e"');
    expect(response.statusText).toBe(line.slice(4));
  });

  it("HEAD has a null body though the answer announces a length, and the connection is reused", async () => {
    const { server, fetch } = await setup((socket, request) => socket.write(request.startsWith("HEAD") ? head("200 OK", [["content-length", "5"]]) : head("200 OK", [], "after")));
    const response = await fetch(new Request(`${server.url}/p`, { method: "HEAD" }));
    expect(response.body).toBeNull();
    expect(response.headers.get("content-length")).toBe("5");
    expect(await (await fetch(new Request(`${server.url}/q`))).text()).toBe("after");
    expect(server.received).toHaveLength(2);
  });

  it("a POST sends its body with its length; a GET sends neither", async () => {
    const { server, fetch } = await setup((socket) => socket.write(head("200 OK", [], "ok")));
    await (await fetch(new Request(`${server.url}/p`, { method: "POST", body: "héllo", headers: { "x-k": "v" } }))).text();
    await (await fetch(new Request(`${server.url}/g`))).text();
    const [post, get] = server.received;
    expect(post).toMatch(/^POST \/p HTTP\/1\.1\r\n/);
    expect(post).toMatch(/\r\ncontent-length: 6\r\n/i);
    expect(post).toMatch(/\r\nx-k: v\r\n/i);
    expect(post!.endsWith("\r\n\r\nh\xc3\xa9llo")).toBe(true);
    expect(get).toMatch(/^GET \/g HTTP\/1\.1\r\n/);
    expect(get).not.toMatch(/content-length/i);
  });

  it("an empty POST body is sent with length 0", async () => {
    const { server, fetch } = await setup((socket) => socket.write(head("200 OK", [], "ok")));
    await (await fetch(new Request(`${server.url}/p`, { method: "POST", body: "" }))).text();
    expect(server.received[0]).toMatch(/\r\ncontent-length: 0\r\n/i);
  });

  it.each([
    ["gzip", gzipSync],
    ["x-gzip", gzipSync],
    [" GZIP ", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ] as const)("a %j body is decoded", async (encoding, compress) => {
    const { server, fetch } = await setup((socket) => socket.write(head("200 OK", [["content-encoding", encoding]], compress(Buffer.from("decoded text")))));
    expect(await (await fetch(new Request(`${server.url}/p`))).text()).toBe("decoded text");
  });

  it("an unknown encoding is passed through as sent", async () => {
    const { server, fetch } = await setup((socket) => socket.write(head("200 OK", [["content-encoding", "zstd"]], "raw bytes")));
    expect(await (await fetch(new Request(`${server.url}/p`))).text()).toBe("raw bytes");
  });

  it("a corrupt compressed body errors the body stream", async () => {
    const { server, fetch } = await setup((socket) => socket.write(head("200 OK", [["content-encoding", "gzip"]], "not gzip at all")));
    const response = await fetch(new Request(`${server.url}/p`));
    await expect(response.text()).rejects.toThrow();
  });

  it("a protocol other than http(s) is refused before connecting", async () => {
    const fetch = nodeHttpFetch();
    cleanups.push(() => fetch.close());
    await expect(fetch(new Request("ftp://127.0.0.1/x"))).rejects.toThrow(new TypeError("fetch failed: unsupported protocol ftp:"));
  });

  it("a signal aborted while the request body is read sends nothing", async () => {
    const { server, fetch } = await setup((socket) => socket.write(head("200 OK", [], "ok")));
    const controller = new AbortController();
    const request = new Request(`${server.url}/p`, { method: "POST", body: "x", signal: controller.signal });
    const pending = fetch(request);
    controller.abort(new Error("changed my mind"));
    await expect(pending).rejects.toThrow("changed my mind");
    expect(server.received).toEqual([]);
  });

  it("a connection reset before the answer is a TypeError whose cause is the socket error", async () => {
    const { server, fetch } = await setup((socket) => socket.destroy());
    const error = (await fetch(new Request(`${server.url}/p`)).catch((e: unknown) => e)) as TypeError;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe("fetch failed");
    expect((error.cause as NodeJS.ErrnoException).code).toMatch(/ECONNRESET|EPIPE|socket hang up/);
  });

  it("an abort without a reason rejects with an AbortError", async () => {
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => (arrived = resolve));
    const { server, fetch } = await setup(() => arrived());
    const controller = new AbortController();
    const pending = fetch(new Request(`${server.url}/p`, { signal: controller.signal }));
    await received; // the request is on the wire: the abort lands mid-exchange, not before sending
    controller.abort();
    const error = (await pending.catch((e: unknown) => e)) as DOMException;
    expect(error.name).toBe("AbortError");
  });
});

describe("nodeHttpFetch bodies", () => {
  it("a body cut after N bytes hands over all N bytes, read slowly, before its error", async () => {
    const sent = 3 * 1024 * 1024 + 123;
    let ended!: () => void;
    const serverDone = new Promise<void>((resolve) => (ended = resolve));
    const { server, fetch } = await setup((socket) => {
      socket.write(head("200 OK", [["content-length", String(sent + 1000)]]));
      socket.write(Buffer.alloc(sent, 7), () => socket.end(ended));
    });
    const response = await fetch(new Request(`${server.url}/p`));
    // Not reading until the server is done: the bytes pile up behind the 1 MiB queue, then the connection ends short.
    await serverDone;
    const reader = response.body!.getReader();
    let received = 0;
    let failure: unknown;
    for (;;) {
      try {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
      } catch (error) {
        failure = error;
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(received).toBe(sent);
    expect(failure).toBeDefined();
  });

  it("a whole large body arrives intact through the backpressure", async () => {
    const bytes = Buffer.from(Array.from({ length: 2_500_000 }, (_, i) => i % 253));
    const { server, fetch } = await setup((socket) => socket.write(head("200 OK", [], bytes)));
    const response = await fetch(new Request(`${server.url}/p`));
    // Read slower than loopback delivers (a turn of the event loop between chunks), so the queue fills and pauses the socket.
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      chunks.push(read.value);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it("cancelling the body closes the connection", async () => {
    const { server, fetch } = await setup((socket) => {
      socket.write(head("200 OK", [["content-length", "100000"]]));
      socket.write("partial");
    });
    const response = await fetch(new Request(`${server.url}/p`));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel(new Error("enough"));
    await server.allClosed();
    expect(server.open()).toBe(0);
  });
});

describe("nodeHttpFetch connections", () => {
  /** A server that holds every request until the test releases it, and counts how many it held at once. */
  const held = async (maxSockets: number | undefined) => {
    const waiting: (() => void)[] = [];
    let arrived: () => void = () => undefined;
    let most = 0;
    let current = 0;
    const server = await listenOnLoopback(
      createHttpServer((_req, res) => {
        most = Math.max(most, ++current);
        waiting.push(() => {
          current--;
          res.end("ok");
        });
        arrived();
      }),
    );
    const fetch = nodeHttpFetch(maxSockets === undefined ? {} : { maxSockets });
    cleanups.push(() => server.close(), () => fetch.close());
    /** Resolves once `count` requests are held (event-driven: the server's handler signals each arrival). */
    const heldAtLeast = (count: number) => new Promise<void>((resolve) => ((arrived = () => waiting.length >= count && resolve()), arrived()));
    return { server, fetch, waiting, heldAtLeast, most: () => most };
  };

  /**
   * Starts `count` requests and returns how many connections the client opened while starting them.
   * node:http's agent decides synchronously, in request(), whether a request gets a new socket or waits
   * for a free one, and nodeHttpFetch reaches request() before its first await for a body-less GET:
   * counting sockets created during the calls (diagnostics channel net.client.socket) is exact, no window.
   */
  function startCountingSockets(count: number, start: (i: number) => Promise<string>): { opened: number; all: Promise<string[]> } {
    let opened = 0;
    const onSocket = () => opened++;
    subscribe("net.client.socket", onSocket);
    let all: Promise<string[]>;
    try {
      all = Promise.all(Array.from({ length: count }, (_, i) => start(i)));
    } finally {
      unsubscribe("net.client.socket", onSocket);
    }
    return { opened, all };
  }

  it.each([
    [1, 1],
    [2, 2],
    [0, 1],
    [-3, 1],
  ])("maxSockets %d: at most %d requests to one origin at once", async (maxSockets, want) => {
    const { server, fetch, waiting, heldAtLeast, most } = await held(maxSockets);
    const { opened, all } = startCountingSockets(4, (i) => fetch(new Request(`${server.url}/${i}`)).then((r) => r.text()));
    expect(opened).toBe(want);
    await heldAtLeast(want);
    // Release one held request at a time: the freed connection carries the next one.
    for (let done = 0; done < 4; done++) {
      await heldAtLeast(1);
      waiting.shift()!();
    }
    expect(await all).toEqual(["ok", "ok", "ok", "ok"]);
    expect(most()).toBe(want);
  });

  it("the default is 64 connections per origin", async () => {
    expect(DEFAULT_NODE_HTTP_FETCH_OPTIONS.maxSockets).toBe(64);
    const { server, fetch, waiting, heldAtLeast, most } = await held(undefined);
    const { opened, all } = startCountingSockets(66, (i) => fetch(new Request(`${server.url}/${i}`)).then((r) => r.text()));
    expect(opened).toBe(64);
    await heldAtLeast(64);
    expect(most()).toBe(64);
    for (let done = 0; done < 66; done++) {
      await heldAtLeast(1);
      waiting.shift()!();
    }
    expect(await all).toHaveLength(66);
    expect(most()).toBe(64);
  });

  it("keeps a connection alive between requests, and close() ends it", async () => {
    const { server, fetch } = await setup((socket) => socket.write(head("200 OK", [], "ok")));
    await (await fetch(new Request(`${server.url}/a`))).text();
    await (await fetch(new Request(`${server.url}/b`))).text();
    expect(server.received).toHaveLength(2);
    expect(server.open()).toBe(1);
    fetch.close();
    await server.allClosed();
    expect(server.open()).toBe(0);
  });

  it("a lookup passed in resolves every connection's name", async () => {
    const { server } = await setup((socket) => socket.write(head("200 OK", [], "ok")));
    const names: string[] = [];
    const fetch = nodeHttpFetch({
      lookup: (hostname, options, callback) => {
        names.push(hostname);
        if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
        else (callback as (e: null, a: string, f: number) => void)(null, "127.0.0.1", 4);
      },
    });
    cleanups.push(() => fetch.close());
    const port = new URL(server.url).port;
    expect(await (await fetch(new Request(`http://files.example.com:${port}/x`))).text()).toBe("ok");
    expect(names).toEqual(["files.example.com"]);
  });
});

describe("guardedLookup", () => {
  const look = (hostname: string, options: { all?: boolean; family?: number } = {}) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family: unknown }>((resolve) => guardedLookup(hostname, options, (error, address, family) => resolve({ error, address, family })));

  it.each([
    ["a public IPv4 literal", "93.184.216.34", 4],
    ["a public IPv6 literal", "2001:4860:4860::8888", 6],
  ])("%s resolves to itself", async (_name, hostname, family) => {
    expect(await look(hostname)).toEqual({ error: null, address: hostname, family });
    expect(await look(hostname, { all: true })).toEqual({ error: null, address: [{ address: hostname, family }], family: undefined });
  });

  it.each([
    ["loopback IPv4", "127.0.0.1", /^127\.0\.0\.1 resolves to 127\.0\.0\.1 \(.*loopback.*\)$/],
    ["loopback IPv6", "::1", /^::1 resolves to ::1 \(.*loopback.*\)$/],
    ["link-local metadata", "169.254.169.254", /^169\.254\.169\.254 resolves to 169\.254\.169\.254 \(.+\)$/],
    ["private IPv6", "fd00::1", /^fd00::1 resolves to fd00::1 \(.+\)$/],
  ])("a name resolving to %s is refused with ESPECIALADDRESS and no address", async (_name, hostname, message) => {
    for (const all of [false, true]) {
      const { error, address } = await look(hostname, { all });
      expect(error).toBeInstanceOf(SpecialAddressRefusal);
      expect(error!.name).toBe("SpecialAddressRefusal");
      expect(error!.code).toBe("ESPECIALADDRESS");
      expect(error!.message).toMatch(message);
      expect(address).toEqual([]);
    }
  });

  it("a name that does not resolve passes the resolver's error on, with no address", async () => {
    const { error, address } = await look("no-such-host.invalid");
    expect(error?.code).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(address).toEqual([]);
  });

  it("specialHostReason classifies a URL's host", () => {
    expect(specialHostReason(new URL("http://10.1.2.3/x"))).toMatch(/10\.0\.0\.0\/8/);
    expect(specialHostReason(new URL("http://[::1]:8/x"))).toMatch(/loopback/);
    expect(specialHostReason(new URL("https://93.184.216.34/x"))).toBeUndefined();
  });
});
