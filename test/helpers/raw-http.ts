/** A raw HTTP request: the test controls framing (chunked or not) and the exact path bytes. */
import { request as httpRequest } from "node:http";

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export function rawRequest(base: string, method: string, path: string, headers: Record<string, string>, chunks: (string | Buffer)[] = []): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(", ") : value);
        resolve({ status: res.statusCode!, headers: out, body: Buffer.concat(parts).toString("utf8") });
      });
    });
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}
