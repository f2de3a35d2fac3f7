/**
 * @module The BIP-39 checksum: L words are 11-bit indices; the first 32·L/3 bits are the entropy and
 * the last L/3 bits must equal the leading bits of SHA-256(entropy).
 */
import { sha256FirstByte } from "./sha256-first-byte.ts";

/** Longest entropy (24 words → 32 bytes). */
const MAX_ENTROPY_BYTES = 32;
const entropy = new Uint8Array(MAX_ENTROPY_BYTES);

/** True when `indices[start .. start+words)` form a mnemonic with a valid checksum. */
export function hasValidChecksum(indices: ArrayLike<number>, start: number, words: number): boolean {
  if (words < 3 || words % 3 !== 0 || words > 24 || start < 0 || start + words > indices.length) return false;
  const checksumBits = words / 3;
  const entropyBytes = (words * 4) / 3;
  let acc = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < words && out < entropyBytes; i++) {
    acc = ((acc << 11) | (indices[start + i]! & 0x7ff)) >>> 0;
    bits += 11;
    while (bits >= 8 && out < entropyBytes) {
      bits -= 8;
      entropy[out++] = (acc >>> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  const first = sha256FirstByte(entropy, entropyBytes);
  if (first === undefined) return false;
  const expected = first >>> (8 - checksumBits);
  const actual = indices[start + words - 1]! & ((1 << checksumBits) - 1);
  return expected === actual;
}
