import { describe, expect, it } from "vitest";
import { InputValidationError, VideoGateway } from "../../src/index.js";
import { json, recordingFetch } from "../helpers/recording-fetch.js";

const MODEL = "doubao-seedance-1.0-pro-fast";
const setup = () => {
  const recorder = recordingFetch([json(200, { id: "task-1", status: "pending" })]);
  return { gw: new VideoGateway({ apiKey: "k", baseUrl: "https://gw.test", fetch: recorder.fetch }), attempts: recorder.attempts };
};

const rejected: [string, { given: string; want: RegExp }][] = [
  ["plain http", { given: "http://example.com/hook", want: /must use https:\/\/ \(got http:\/\/\)/ }],
  ["another scheme", { given: "ftp://example.com/hook", want: /must use https:\/\// }],
  ["not a URL", { given: "example.com/hook", want: /must be an absolute https:\/\/ URL/ }],
  ["longer than 2048 characters", { given: `https://example.com/${"a".repeat(2029)}`, want: /at most 2048 characters long \(got 2049\)/ }],
  ["loopback", { given: "https://127.0.0.1/hook", want: /127\.0\.0\.1 is in 127\.0\.0\.0\/8/ }],
  ["loopback elsewhere in 127/8", { given: "https://127.45.6.7/hook", want: /in 127\.0\.0\.0\/8/ }],
  ["localhost", { given: "https://localhost:8443/hook", want: /localhost is loopback/ }],
  ["10/8", { given: "https://10.20.30.40/hook", want: /in 10\.0\.0\.0\/8/ }],
  ["172.16/12 (low end)", { given: "https://172.16.0.1/hook", want: /in 172\.16\.0\.0\/12/ }],
  ["172.16/12 (high end)", { given: "https://172.31.255.254/hook", want: /in 172\.16\.0\.0\/12/ }],
  ["192.168/16", { given: "https://192.168.0.10/hook", want: /in 192\.168\.0\.0\/16/ }],
  ["169.254/16 (cloud metadata)", { given: "https://169.254.169.254/latest/meta-data", want: /in 169\.254\.0\.0\/16/ }],
  ["0.0.0.0/8", { given: "https://0.0.0.0/hook", want: /in 0\.0\.0\.0\/8/ }],
  ["::1", { given: "https://[::1]/hook", want: /loopback \(::1\)/ }],
  ["::1 written out", { given: "https://[0:0:0:0:0:0:0:1]/hook", want: /loopback \(::1\)/ }],
  ["fc00::/7", { given: "https://[fc00::1]/hook", want: /unique local \(fc00::\/7\)/ }],
  ["fd00::/8 (inside fc00::/7)", { given: "https://[fd12:3456:789a::1]/hook", want: /unique local/ }],
  ["fe80::/10", { given: "https://[fe80::abcd]/hook", want: /link-local \(fe80::\/10\)/ }],
  ["IPv4-mapped IPv6", { given: "https://[::ffff:127.0.0.1]/hook", want: /IPv4-mapped/ }],
  ["IPv4-mapped IPv6 in hex", { given: "https://[::ffff:a00:1]/hook", want: /IPv4-mapped/ }],
  ["decimal IPv4", { given: "https://2130706433/hook", want: /127\.0\.0\.1 is in 127\.0\.0\.0\/8/ }],
  ["octal IPv4", { given: "https://0177.0.0.01/hook", want: /127\.0\.0\.1 is in 127\.0\.0\.0\/8/ }],
  ["hex IPv4", { given: "https://0x7f.0x0.0x0.0x1/hook", want: /127\.0\.0\.1 is in 127\.0\.0\.0\/8/ }],
  ["hex IPv4 in one number", { given: "https://0xc0a80001/hook", want: /192\.168\.0\.1 is in 192\.168\.0\.0\/16/ }],
  ["short-form IPv4", { given: "https://10.1/hook", want: /10\.0\.0\.1 is in 10\.0\.0\.0\/8/ }],
];

const accepted = ["https://your-domain.com/webhooks/video-task-completed", "https://172.32.0.1/hook", "https://8.8.8.8/hook", "https://[2606:4700:4700::1111]/hook", `https://example.com/${"a".repeat(2028)}`];

describe("callback_url is checked before sending", () => {
  it.each(rejected)("rejects %s", async (_name, { given, want }) => {
    const { gw, attempts } = setup();
    const error = (await gw.videos.create({ model: MODEL, prompt: "A cat playing piano", callback_url: given }).catch((e: unknown) => e)) as InputValidationError;
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]!.path).toBe("callback_url");
    expect(error.errors[0]!.message).toMatch(want);
    expect(error.errors[0]!.message).toMatch(/for doubao-seedance-1\.0-pro-fast$/);
    expect(attempts).toHaveLength(0);
  });

  it("rejects internal addresses even with validation turned off", async () => {
    const { gw, attempts } = setup();
    await expect(gw.videos.create({ model: MODEL, prompt: "p", callback_url: "https://10.0.0.1/" }, { validate: false })).rejects.toBeInstanceOf(InputValidationError);
    expect(attempts).toHaveLength(0);
  });

  it.each(accepted)("accepts %s", async (url) => {
    const { gw, attempts } = setup();
    await gw.videos.create({ model: MODEL, prompt: "A cat playing piano", callback_url: url });
    expect(JSON.parse(attempts[0]!.body).callback_url).toBe(url);
  });
});
