/**
 * @module Bitcoin WIF private key check: Base58Check with a double-SHA-256 checksum, version byte
 * 0x80 (mainnet) or 0xef (testnet), and a 32-byte key, or 33 bytes ending 0x01 (compressed).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { base58Decode } from "./base58.ts";

/** True when `candidate` is a checksum-valid WIF-encoded private key. */
export function isValidWif(candidate: string): boolean {
  if (candidate.length < 50 || candidate.length > 53) return false;
  const raw = base58Decode(candidate);
  if (raw === undefined || (raw.length !== 37 && raw.length !== 38)) return false;
  const body = raw.subarray(0, raw.length - 4);
  const check = sha256(sha256(body));
  for (let i = 0; i < 4; i++) if (check[i] !== raw[raw.length - 4 + i]) return false;
  if (body[0] !== 0x80 && body[0] !== 0xef) return false;
  return body.length === 33 || body[33] === 0x01;
}
