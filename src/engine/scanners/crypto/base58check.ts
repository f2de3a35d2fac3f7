/**
 * @module Base58Check: base58 (Bitcoin alphabet) whose last 4 bytes are the first 4 bytes of
 * SHA-256(SHA-256(payload)). Used for legacy BTC addresses, WIF, xprv and BIP-38 keys.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { base58Decode } from "../validators/base58.ts";

/** Longest input decoded (an xprv is 111 characters). */
export const MAX_BASE58_CHARS = 128;

export type Base58CheckResult =
  | { readonly ok: true; readonly payload: Uint8Array }
  | { readonly ok: false; readonly reason: "alphabet" | "checksum"; readonly payload?: Uint8Array };

/** Decode and verify; on a checksum failure the (unverified) payload is still returned. */
export function base58CheckDecode(text: string): Base58CheckResult {
  if (text.length === 0 || text.length > MAX_BASE58_CHARS) return { ok: false, reason: "alphabet" };
  const raw = base58Decode(text);
  if (raw === undefined || raw.length < 5) return { ok: false, reason: "alphabet" };
  const payload = raw.subarray(0, raw.length - 4);
  const check = sha256(sha256(payload));
  for (let i = 0; i < 4; i++) if (check[i] !== raw[raw.length - 4 + i]) return { ok: false, reason: "checksum", payload };
  return { ok: true, payload };
}

/** Decoded byte length of a base58 string (no checksum), or undefined outside the alphabet. */
export function base58ByteLength(text: string): number | undefined {
  if (text.length > MAX_BASE58_CHARS) return undefined;
  return base58Decode(text)?.length;
}
