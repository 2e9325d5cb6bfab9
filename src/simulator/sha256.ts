/**
 * Synchronous SHA-256 for the simulator's tenants and idempotency fingerprints. `crypto.subtle.digest`
 * is asynchronous (a thread-pool round trip per request, about a fifth of the mock's time), and
 * remembering tokens to skip it would keep secrets; @noble/hashes is audited, small and runs in every
 * target runtime, so the primitive is not ours to maintain.
 */
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils";

/** The SHA-256 digest of `text`'s UTF-8 bytes, as 64 lower-case hex digits. */
export function sha256HexSync(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
