/** The shared 429 gate, in virtual time: how long one answer pauses every caller. */
import { describe, expect, it } from "vitest";
import { RateGate } from "../../src/node/batch/limiter.js";

const answers = (statuses: [number, Record<string, string>?][]) => statuses.map(([status, headers]) => new Response(null, { status, headers: headers ?? {} }));

describe("RateGate", () => {
  it.each([
    ["Retry-After in seconds", { given: answers([[429, { "retry-after": "7" }]]), want: 7_000 }],
    ["retry-after-ms wins", { given: answers([[429, { "retry-after-ms": "250", "retry-after": "9" }]]), want: 250 }],
    ["an HTTP date", { given: answers([[429, { "retry-after": new Date(1_000_000 + 12_000).toUTCString() }]]), want: 12_000 }],
    ["no hint: 1 s, doubling while 429s continue", { given: answers([[429], [429], [429]]), want: 4_000 }],
    ["a success ends the streak", { given: answers([[429], [429], [200], [429]]), want: 2_000 }],
    ["capped at maxPauseMs", { given: answers([[429, { "retry-after": "86400" }]]), want: 60_000 }],
    ["past 2^31 ms is capped too", { given: answers([[429, { "retry-after-ms": String(2 ** 40) }]]), want: 60_000 }],
    ["not a 429: no pause", { given: answers([[503, { "retry-after": "30" }]]), want: 0 }],
  ])("%s", async (_name, { given, want }) => {
    let now = 1_000_000;
    const slept: number[] = [];
    const gate = new RateGate({ now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) });
    for (const response of given) gate.observe(response);
    await gate.ready();
    expect(slept.reduce((a, b) => a + b, 0)).toBe(want);
  });

  it("every caller waits for the same pause, and requests through wrap() wait before they are sent", async () => {
    let now = 0;
    const gate = new RateGate({ now: () => now, sleep: async (ms) => void (now += ms) });
    const sentAt: number[] = [];
    const fetch = gate.wrap(async () => (sentAt.push(now), new Response(null, { status: sentAt.length === 1 ? 429 : 200, headers: { "retry-after": "5" } })));
    await fetch(new Request("http://127.0.0.1/"));
    await Promise.all([fetch(new Request("http://127.0.0.1/")), fetch(new Request("http://127.0.0.1/"))]);
    expect(sentAt[0]).toBe(0);
    expect(sentAt.slice(1).every((t) => t >= 5_000)).toBe(true);
    expect(gate.rateLimited).toBe(1);
  });
});
