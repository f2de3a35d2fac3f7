/**
 * @module EIP-55 mixed-case checksum of Ethereum addresses: a hex letter is upper case exactly when
 * the matching nibble of keccak-256(lower-case hex address) is ≥ 8.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

const HEX40 = /^[0-9a-fA-F]{40}$/;
const encoder = new TextEncoder();

export type Eip55Status = "checksummed" | "unchecksummed" | "invalid";

/** Status of the 40 hex characters after `0x`; anything else is "invalid". */
export function eip55Status(hex: string): Eip55Status {
  if (!HEX40.test(hex)) return "invalid";
  const lower = hex.toLowerCase();
  if (hex === lower || hex === hex.toUpperCase()) return "unchecksummed";
  return hex === eip55Encode(lower) ? "checksummed" : "invalid";
}

/** The EIP-55 casing of 40 lower-case hex characters. */
export function eip55Encode(lowerHex: string): string {
  const hash = keccak_256(encoder.encode(lowerHex));
  let out = "";
  for (let i = 0; i < lowerHex.length; i++) {
    const ch = lowerHex[i]!;
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += ch >= "a" && nibble >= 8 ? ch.toUpperCase() : ch;
  }
  return out;
}
