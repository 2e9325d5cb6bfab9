/**
 * Where the simulated gateway delivers callbacks (seed 003: https only, never an internal address);
 * loopback only when allowed, and then over http.
 */
import { describe, expect, it } from "vitest";
import { callbackTarget } from "../../../src/simulator/callback-target.js";

describe("callbackTarget", () => {
  it.each([
    ["a public https host", { given: ["https://hooks.example.com/cb", false], want: { ok: true, href: "https://hooks.example.com/cb" } }],
    ["a public IPv4 literal over https", { given: ["https://8.8.8.8/cb", false], want: { ok: true, href: "https://8.8.8.8/cb" } }],
    ["a public IPv6 literal over https", { given: ["https://[2001:4860:4860::8888]/cb", false], want: { ok: true, href: "https://[2001:4860:4860::8888]/cb" } }],
    ["not a URL", { given: ["not a url", false], want: { ok: false, reason: "callback_url is not a valid URL" } }],
    ["plain http to a public host", { given: ["http://hooks.example.com/cb", false], want: { ok: false, reason: "callback_url must use https" } }],
    ["plain http to a public host, loopback allowed", { given: ["http://hooks.example.com/cb", true], want: { ok: false, reason: "callback_url must use https" } }],
    ["localhost", { given: ["https://localhost/cb", false], want: { ok: false, reason: "callback_url points at a loopback address" } }],
    ["LOCALHOST in capitals", { given: ["https://LOCALHOST/cb", false], want: { ok: false, reason: "callback_url points at a loopback address" } }],
    ["a *.localhost name", { given: ["https://app.localhost/cb", false], want: { ok: false, reason: "callback_url points at a loopback address" } }],
    ["a name merely ending in localhost is public", { given: ["https://notlocalhost/cb", false], want: { ok: true, href: "https://notlocalhost/cb" } }],
    ["127.0.0.1", { given: ["https://127.0.0.1/cb", false], want: { ok: false, reason: "callback_url points at a loopback address" } }],
    ["::1", { given: ["https://[::1]/cb", false], want: { ok: false, reason: "callback_url points at a loopback address" } }],
    ["IPv4-mapped loopback", { given: ["https://[::ffff:127.0.0.1]/cb", false], want: { ok: false, reason: "callback_url points at a loopback address" } }],
    ["loopback allowed over http", { given: ["http://127.0.0.1:9000/cb", true], want: { ok: true, href: "http://127.0.0.1:9000/cb" } }],
    ["loopback allowed: https is delivered over http", { given: ["https://localhost:9000/cb", true], want: { ok: true, href: "http://localhost:9000/cb" } }],
    ["loopback allowed, another scheme", { given: ["ftp://127.0.0.1/cb", true], want: { ok: false, reason: "callback_url must use https" } }],
    ["the metadata address", { given: ["https://169.254.169.254/latest", false], want: { ok: false, reason: "callback_url points at an internal address (linkLocal)" } }],
    ["a private address", { given: ["https://10.0.0.8/cb", false], want: { ok: false, reason: "callback_url points at an internal address (private)" } }],
    ["carrier-grade NAT (100.64/10)", { given: ["https://100.64.0.1/cb", false], want: { ok: false, reason: "callback_url points at an internal address (carrierGradeNat)" } }],
    ["IPv4-mapped private", { given: ["https://[::ffff:192.168.1.1]/cb", false], want: { ok: false, reason: "callback_url points at an internal address (private)" } }],
    ["unique-local IPv6", { given: ["https://[fd00::1]/cb", false], want: { ok: false, reason: "callback_url points at an internal address (uniqueLocal)" } }],
    ["the unspecified address", { given: ["https://0.0.0.0/cb", false], want: { ok: false, reason: "callback_url points at an internal address (unspecified)" } }],
    ["an internal address stays refused when loopback is allowed", { given: ["https://10.0.0.8/cb", true], want: { ok: false, reason: "callback_url points at an internal address (private)" } }],
  ] as const)("%s", (_name, { given, want }) => {
    const result = callbackTarget(given[0], given[1]);
    expect(result.ok ? { ok: true, href: result.url.href } : result).toEqual(want);
  });
});
