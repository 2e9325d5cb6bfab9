/**
 * Every runtime target, using the packed tarball (not src/): Node ESM and CJS, Bun, Deno, workerd,
 * and a page in headless Chromium that uses the client through the proxy. Each does a create and a
 * wait against the Prism mock and checks the result.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../scripts/lib/prism.js";
import { launchChromium } from "../helpers/browser.js";
import { repoRoot } from "../helpers/openapi.js";
import { waitForCondition } from "../helpers/wait-for.js";
import { exec, packAndInstall, type InstalledPackage } from "./pack.js";

const bin = (name: string) => join(repoRoot, "node_modules", ".bin", name);
let pkg: InstalledPackage;
const write = (name: string, text: string) => writeFileSync(join(pkg.project, name), text);

/** The same little program for every server-side runtime: create, wait, report. */
const program = (importLine: string) => `${importLine}
const mv = new MindVideo({ apiKey: "smoke_key", baseUrl: process.env.MOCK_URL, maxRetries: 0 });
const created = await mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: "smoke" } });
const done = await mv.tasks.wait(created.task_id, { pollIntervalMs: 50 });
console.log(JSON.stringify({ created: created.status, key: created.idempotencyKey.length, status: done.status, url: done.output?.videos?.[0]?.url }));
`;
const expectSmoke = (stdout: string) => {
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
  expect(result).toEqual({ created: "queued", key: 36, status: "succeeded", url: "https://example.com/output/demo.mp4" });
};

beforeAll(async () => {
  pkg = await packAndInstall();
}, 240_000);
afterAll(() => pkg?.remove());

describe("the packed package", () => {
  it("passes publint and arethetypeswrong with no problems", async () => {
    const publint = await exec(bin("publint"), [pkg.tarball, "--strict"]);
    expect(publint.stdout).toContain("All good!");
    const attw = await exec(bin("attw"), [pkg.tarball, "--format", "ascii"]);
    expect(attw.stdout).toContain("No problems found");
  }, 120_000);

  it("has no install scripts and depends only on openapi-fetch, ipaddr.js, and for the simulator and mock on ajv and @noble/hashes", () => {
    const manifest = JSON.parse(readFileSync(join(pkg.project, "node_modules", "mindvideo", "package.json"), "utf8"));
    expect(Object.keys(manifest.scripts ?? {}).filter((s) => /install|prepare/.test(s))).toEqual([]);
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["@noble/hashes", "ajv", "ajv-formats", "ipaddr.js", "openapi-fetch"]);
    expect(Object.keys(manifest.peerDependenciesMeta).sort()).toEqual(["@ai-sdk/provider", "ai", "bullmq", "msw"]);
    console.log(`packed size: ${pkg.tarballBytes} bytes`);
  });

  it("packs the built entries of every subpath and the CLI, and no sources, tests or specs", async () => {
    const files = (await exec("tar", ["-tzf", pkg.tarball])).stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
    const manifest = JSON.parse(readFileSync(join(pkg.project, "node_modules", "mindvideo", "package.json"), "utf8")) as { exports: Record<string, { import?: Record<string, string>; require?: Record<string, string> }>; bin: Record<string, string> };
    const wanted = Object.values(manifest.exports).flatMap((e) => [...Object.values(e.import ?? {}), ...Object.values(e.require ?? {})]);
    wanted.push(...Object.values(manifest.bin), "package.json", "README.md");
    for (const file of wanted) expect(files, file).toContain(file.replace(/^\.\//, ""));
    expect(files.filter((f) => !f.startsWith("dist/esm/") && !f.startsWith("dist/cjs/") && !["package.json", "README.md", "LICENSE"].includes(f))).toEqual([]);
    expect(files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
  });

  it("exposes every documented subpath, in ESM and CJS", async () => {
    write(
      "subpaths.mjs",
      `import * as root from "mindvideo"; import * as gw from "mindvideo/gateway"; import * as m from "mindvideo/models"; import * as p from "mindvideo/proxy"; import * as w from "mindvideo/webhooks"; import * as f from "mindvideo/files"; import * as n from "mindvideo/node"; import * as mk from "mindvideo/mock";
const mocked = await mk.createMock().fetch("https://api.mindvideo.ai/api/v1/tasks/t", { headers: { authorization: "Bearer k" } });
console.log(JSON.stringify([mocked.status, typeof root.MindVideo, typeof root.validateInput, typeof gw.VideoGateway, Object.keys(m.models).length, typeof p.createProxyHandler, typeof w.parseGatewayCallback, typeof f.toDataUri, typeof n.toNodeListener]));`,
    );
    write(
      "subpaths.cjs",
      `const r = require("mindvideo"), gw = require("mindvideo/gateway"), m = require("mindvideo/models"), p = require("mindvideo/proxy"), w = require("mindvideo/webhooks"), f = require("mindvideo/files"), n = require("mindvideo/node"), mk = require("mindvideo/mock");
mk.createMock().fetch("https://api.mindvideo.ai/api/v1/tasks/t", { headers: { authorization: "Bearer k" } }).then((mocked) => console.log(JSON.stringify([mocked.status, typeof r.MindVideo, typeof r.validateInput, typeof gw.VideoGateway, Object.keys(m.models).length, typeof p.createProxyHandler, typeof w.parseGatewayCallback, typeof f.toDataUri, typeof n.toNodeListener])));`,
    );
    const want = [404, "function", "function", "function", 4, "function", "function", "function", "function"];
    for (const file of ["subpaths.mjs", "subpaths.cjs"]) expect(JSON.parse((await exec(process.execPath, [file], { cwd: pkg.project })).stdout)).toEqual(want);
  });

  it("lists ai and @ai-sdk/provider as optional peers: mindvideo/ai-sdk needs them, nothing else does", async () => {
    const manifest = JSON.parse(readFileSync(join(pkg.project, "node_modules", "mindvideo", "package.json"), "utf8"));
    expect(manifest.peerDependenciesMeta["ai"]).toEqual({ optional: true });
    expect(manifest.peerDependenciesMeta["@ai-sdk/provider"]).toEqual({ optional: true });
    write("ai-sdk.mjs", `import("mindvideo/ai-sdk").then(() => console.log("loaded"), (e) => console.log(e.code, e.message.includes("@ai-sdk/provider")));`);
    expect((await exec(process.execPath, ["ai-sdk.mjs"], { cwd: pkg.project })).stdout.trim()).toBe("ERR_MODULE_NOT_FOUND true");
  });

  it("its .d.ts type the results, and every example in the model catalog compiles against it", async () => {
    write(
      "typed.ts",
      `import { MindVideo, VideoGateway } from "mindvideo";
const mv = new MindVideo({ apiKey: "k" });
export async function check() {
  const image = await mv.tasks.run({ model: "apimart-doubao-seedance-4-0", input: { prompt: "p", n: 2 } });
  const url: string = image.output.images[0]!.url;
  // @ts-expect-error an image task has no videos
  image.output.videos;
  // @ts-expect-error 1080p is not a resolution of 2.0 fast
  await mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: "p", resolution: "1080p" } });
  const gw = new VideoGateway({ apiKey: "k" });
  const generation = await gw.generations.run({ model: "doubao-seedance-1.0-pro-fast", input: { prompt: "p" } });
  return [url, generation.outputs[0]?.url];
}
`,
    );
    const { exampleRequests } = await import("../../scripts/lib/catalog.js");
    const { models } = await import("../../generated/models/registry.js");
    const examples = Object.values(models).map((model, i) => {
      const file = `catalog-example-${i}.ts`;
      write(file, `${exampleRequests(model).typescript}
export {};
`);
      return file;
    });
    write(
      "tsconfig.json",
      JSON.stringify({ compilerOptions: { strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"], types: [], noEmit: true, skipLibCheck: false }, files: ["typed.ts", ...examples] }),
    );
    const result = await exec(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: pkg.project }).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe("");
  }, 120_000);

  it("installs the mindvideo bin", async () => {
    const { stdout } = await exec(join(pkg.project, "node_modules", ".bin", "mindvideo"), ["models", "--json"], { cwd: pkg.project });
    expect(JSON.parse(stdout).map((m: { slug: string }) => m.slug)).toContain("doubao-seedance-2-0-fast");
  });
});

describe("runtime targets", () => {
  const env = () => ({ ...process.env, MOCK_URL: inject("prismMindVideoUrl") });

  it("Node 20, ESM", async () => {
    write("app.mjs", program('import { MindVideo } from "mindvideo";'));
    expectSmoke((await exec(process.execPath, ["app.mjs"], { cwd: pkg.project, env: env() })).stdout);
  });

  it("Node 20, CommonJS", async () => {
    write("app.cjs", `(async () => {\n${program('const { MindVideo } = require("mindvideo");')}\n})();`);
    expectSmoke((await exec(process.execPath, ["app.cjs"], { cwd: pkg.project, env: env() })).stdout);
  });

  it("Bun", async () => {
    write("app.mjs", program('import { MindVideo } from "mindvideo";'));
    const { stdout } = await exec(bin("bun"), ["app.mjs"], { cwd: pkg.project, env: env() });
    expectSmoke(stdout);
  }, 60_000);

  it("Deno", async () => {
    write("deno-app.mjs", program('import { MindVideo } from "mindvideo";').replace("process.env.MOCK_URL", 'Deno.env.get("MOCK_URL")'));
    const { stdout } = await exec(bin("deno"), ["run", "--allow-net", "--allow-env", "--allow-read", "deno-app.mjs"], { cwd: pkg.project, env: { ...env(), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } });
    expectSmoke(stdout);
  }, 60_000);

  it("Cloudflare workerd", async () => {
    write(
      "worker-entry.mjs",
      `import { MindVideo } from "mindvideo";
export default {
  async fetch(_request, env) {
    const mv = new MindVideo({ apiKey: "smoke_key", baseUrl: env.MOCK_URL, maxRetries: 0 });
    const created = await mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: "smoke" } });
    const done = await mv.tasks.wait(created.task_id, { pollIntervalMs: 50 });
    return Response.json({ created: created.status, key: created.idempotencyKey.length, status: done.status, url: done.output?.videos?.[0]?.url });
  },
};`,
    );
    await exec(bin("esbuild"), ["worker-entry.mjs", "--bundle", "--format=esm", "--platform=browser", "--conditions=workerd,worker,browser", "--outfile=worker.js"], { cwd: pkg.project });
    const port = await freePort();
    write(
      "workerd.capnp",
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const smokeWorker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.js") ],
  compatibilityDate = "2025-09-01",
  bindings = [ (name = "MOCK_URL", text = "${inject("prismMindVideoUrl")}") ],
  globalOutbound = "loopback",
);
`,
    );
    const { spawn } = await import("node:child_process");
    const workerd = spawn(bin("workerd"), ["serve", "workerd.capnp"], { cwd: pkg.project });
    let log = "";
    workerd.stderr.on("data", (c: Buffer) => (log += c));
    try {
      // workerd announces nothing when it listens: the first answer is the event.
      const response = await waitForCondition(() => fetch(`http://127.0.0.1:${port}/`).catch(() => undefined), { what: "workerd answering", timeoutMs: 30_000 }).catch((error: Error) => {
        throw new Error(`${error.message}\n${log}`);
      });
      expectSmoke(JSON.stringify(await response.json()));
    } finally {
      workerd.kill("SIGTERM");
    }
  }, 60_000);

  it("a browser page, through the proxy (no key in the browser)", async () => {
    write(
      "page.mjs",
      `import { MindVideo } from "mindvideo";
const mv = new MindVideo({ baseUrl: "/api/mindvideo" });
const done = await mv.tasks.run({ model: "doubao-seedance-2-0-fast", input: { prompt: "from the browser" } }, { pollIntervalMs: 50 });
document.body.dataset.result = JSON.stringify({ status: done.status, url: done.output.videos[0].url, key: done.idempotencyKey.length });`,
    );
    write(
      "server.mjs",
      `import { createProxyHandler } from "mindvideo/proxy";
import { toNodeListener } from "mindvideo/node";
export function proxy(upstream, seen) {
  return toNodeListener(createProxyHandler({ apiKey: "server_side_key", baseUrl: upstream, fetch: (request) => { seen.push(request.headers.get("authorization")); return fetch(request); } }));
}`,
    );
    await exec(bin("esbuild"), ["page.mjs", "--bundle", "--format=esm", "--platform=browser", "--outfile=page.js"], { cwd: pkg.project });
    const { proxy } = (await import(join(pkg.project, "server.mjs"))) as { proxy: (upstream: string, seen: (string | null)[]) => (req: never, res: never) => void };
    const upstreamAuth: (string | null)[] = [];
    const listener = proxy(inject("prismMindVideoUrl"), upstreamAuth);
    const page = readFileSync(join(pkg.project, "page.js"));
    const server: Server = createServer((req, res) => {
      if (req.url?.startsWith("/api/mindvideo/")) return listener(req as never, res as never);
      if (req.url === "/page.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(page);
      res.writeHead(200, { "content-type": "text/html" }).end('<!DOCTYPE html><html><body><script type="module" src="/page.js"></script></body></html>');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const browserAuth: (string | undefined)[] = [];
      const errors: string[] = [];
      tab.on("request", (r) => r.url().includes("/api/mindvideo/") && browserAuth.push(r.headers().authorization));
      tab.on("pageerror", (e) => errors.push(e.message));
      await tab.goto(`${origin}/`);
      await tab.waitForFunction(() => document.body.dataset.result, undefined, { timeout: 20_000 });
      const result = JSON.parse((await tab.evaluate(() => document.body.dataset.result))!);
      expect(errors).toEqual([]);
      expect(result).toEqual({ status: "succeeded", url: "https://example.com/output/demo.mp4", key: 36 });
      expect(browserAuth.length).toBeGreaterThanOrEqual(2);
      expect(browserAuth.every((a) => a === undefined)).toBe(true);
      expect(upstreamAuth.every((a) => a === "Bearer server_side_key")).toBe(true);
    } finally {
      await browser.close();
      await new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
    }
  }, 60_000);
});
