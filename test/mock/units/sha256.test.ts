/** The simulator's synchronous SHA-256 (tenants and idempotency fingerprints): the standard's vectors, and the host's digest at every block boundary. */
import { describe, expect, it } from "vitest";
import { sha256HexSync } from "../../../src/simulator/sha256.js";

const hostDigest = async (text: string) => [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, "0")).join("");

describe("sha256HexSync", () => {
  // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA256_2.pdf") and the empty message.
  it.each([
    ["empty", { given: "", want: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" }],
    ["one block", { given: "abc", want: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" }],
    ["two blocks", { given: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", want: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" }],
  ])("%s", (_name, { given, want }) => {
    expect(sha256HexSync(given)).toBe(want);
  });

  it("agrees with the host's digest on either side of every padding boundary, multi-byte UTF-8 included", async () => {
    for (const length of [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 121, 128, 1_000]) {
      for (const unit of ["k", "é", "🎬"]) {
        const text = unit.repeat(length);
        expect(sha256HexSync(text), `${length} × ${unit}`).toBe(await hostDigest(text));
      }
    }
  });
});
