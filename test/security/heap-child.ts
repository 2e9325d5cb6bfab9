/**
 * Run by bounds.test.ts in a child process with a capped heap: the client, directly and through
 * the proxy, meets a 200 MB answer, an endless stream and a 1 GiB gzip bomb. Prints one JSON line:
 * each case's error class and the process's peak RSS.
 */
import { MindVideo } from "../../src/index.js";
import { createProxyHandler } from "../../src/proxy.js";

const upstream = process.argv[2]!;
const handler = createProxyHandler({ apiKey: "mv_key_0123456789", baseUrl: upstream });
const direct = new MindVideo({ apiKey: "mv_key_0123456789", baseUrl: upstream, maxRetries: 0 });
const proxied = new MindVideo({ apiKey: null, baseUrl: "http://app.test/api/mindvideo", maxRetries: 0, fetch: (request) => handler(request) });

const results: Record<string, string> = {};
for (const path of ["big", "big_chunked", "endless", "bomb"]) {
  for (const [via, client] of [["client", direct], ["proxy", proxied]] as const) {
    results[`${via} ${path}`] = await client.tasks.get(path).then(
      () => "resolved",
      (error: Error) => `${error.name}: ${error.message.slice(0, 160)}`,
    );
  }
}
console.log(JSON.stringify({ results, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
