/** The docs' static server under hostile paths: malformed escapes and traversal are answered, never a crash. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { serveStatic } from "../../scripts/lib/static-server.js";

let server: Awaited<ReturnType<typeof serveStatic>>;
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), "static-"));
  writeFileSync(join(root, "index.html"), "<h1>docs</h1>");
  server = await serveStatic(root, 0);
});
afterAll(() => server?.stop());

/** Raw path bytes: fetch would normalise `..` away before sending. */
const get = (path: string) =>
  new Promise<number>((resolve, reject) => {
    const url = new URL(server.url);
    request({ host: url.hostname, port: url.port, path }, (res) => (res.resume(), resolve(res.statusCode!))).on("error", reject).end();
  });

it.each([
  ["/", 200],
  ["/index.html", 200],
  ["/%E0%A4%A", 404],
  ["/%", 404],
  ["/abc%zz", 404],
  ["/../../etc/passwd", 404],
  ["/%2e%2e/%2e%2e/etc/passwd", 404],
])("GET %s → %i", async (path, status) => {
  expect(await get(path)).toBe(status);
});

it("is still serving after all of them", async () => {
  expect(await get("/index.html")).toBe(200);
});
