/** A missing key is caught when the client is made, naming the variable, before anything is sent. */
import { afterEach, describe, expect, it } from "vitest";
import { MindVideo, VideoGateway } from "../../src/index.js";

const saved = { mv: process.env.MINDVIDEO_API_KEY, gw: process.env.VIDEO_GATEWAY_API_KEY };
afterEach(() => {
  for (const [name, value] of [["MINDVIDEO_API_KEY", saved.mv], ["VIDEO_GATEWAY_API_KEY", saved.gw]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("missing API key", () => {
  const sent: Request[] = [];
  const fetch = async (request: Request) => {
    sent.push(request);
    return new Response("{}");
  };

  it.each([
    ["MindVideo", () => new MindVideo({ fetch }), /MindVideo: no API key\. Set the MINDVIDEO_API_KEY environment variable/],
    ["VideoGateway", () => new VideoGateway({ fetch }), /VideoGateway: no API key\. Set the VIDEO_GATEWAY_API_KEY environment variable/],
    ["an empty key", () => new MindVideo({ apiKey: "", fetch }), /MINDVIDEO_API_KEY/],
  ] as const)("%s against its own server", (_name, make, want) => {
    delete process.env.MINDVIDEO_API_KEY;
    delete process.env.VIDEO_GATEWAY_API_KEY;
    expect(make).toThrow(want);
    expect(sent).toHaveLength(0);
  });

  it.each([
    ["another base URL (a proxy or the mock adds the key)", () => new MindVideo({ baseUrl: "/api/mindvideo", fetch })],
    ["apiKey: null (no Authorization on purpose)", () => new VideoGateway({ apiKey: null, fetch })],
  ] as const)("is allowed with %s", (_name, make) => {
    delete process.env.MINDVIDEO_API_KEY;
    delete process.env.VIDEO_GATEWAY_API_KEY;
    expect(make).not.toThrow();
  });
});
