/**
 * @module Bech32 (BIP-173) and Bech32m (BIP-350) decoding with checksum verification. Mixed case is
 * invalid; the human-readable part is returned lower-cased.
 */

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const CHARSET_INDEX: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < CHARSET.length; i++) table[CHARSET.charCodeAt(i)] = i;
  return table;
})();
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3] as const;
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;
/** BIP-173 limit on the whole string. */
export const MAX_BECH32_CHARS = 90;
const CHECKSUM_CHARS = 6;

export type Bech32Variant = "bech32" | "bech32m";

export interface Bech32Decoded {
  readonly hrp: string;
  /** 5-bit values without the checksum. */
  readonly data: readonly number[];
  /** Which checksum constant verified, or undefined when neither did. */
  readonly variant: Bech32Variant | undefined;
}

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if (((top >>> i) & 1) !== 0) chk = (chk ^ GENERATOR[i]!) >>> 0;
  }
  return chk;
}

/** Parse a bech32/bech32m string; undefined when it is not bech32-shaped at all. */
export function bech32Decode(text: string): Bech32Decoded | undefined {
  if (text.length < 8 || text.length > MAX_BECH32_CHARS) return undefined;
  const lower = text.toLowerCase();
  if (lower !== text && text.toUpperCase() !== text) return undefined;
  const sep = lower.lastIndexOf("1");
  if (sep < 1 || sep + CHECKSUM_CHARS + 1 > lower.length) return undefined;
  const hrp = lower.slice(0, sep);
  const values: number[] = [];
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) >> 5);
  values.push(0);
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) & 31);
  const data: number[] = [];
  for (let i = sep + 1; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    const v = code < 128 ? CHARSET_INDEX[code]! : -1;
    if (v < 0) return undefined;
    data.push(v);
  }
  const check = polymod([...values, ...data]);
  const variant = check === BECH32_CONST ? "bech32" : check === BECH32M_CONST ? "bech32m" : undefined;
  return { hrp, data: data.slice(0, data.length - CHECKSUM_CHARS), variant };
}

/** Regroup 5-bit values into bytes (no padding allowed beyond 4 zero bits). */
export function fromWords(words: readonly number[]): Uint8Array | undefined {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  for (const w of words) {
    acc = ((acc << 5) | w) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) return undefined;
  return Uint8Array.from(out);
}
