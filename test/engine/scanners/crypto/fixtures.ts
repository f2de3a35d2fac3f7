/**
 * @module Test fixtures for the crypto scanner: deterministic bytes and independent encoders
 * (base58check, bech32/bech32m, EIP-55) so every key and address in the tests is generated here
 * from made-up bytes. Nothing in them is a real key or a corpus value.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";

/** Deterministic pseudo-random bytes (xorshift32). */
export function fakeBytes(length: number, seed: number): Uint8Array {
  let x = seed >>> 0 || 1;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

export function base58Encode(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let out = "";
  while (n > 0n) {
    out = B58[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out = `1${out}`;
  return out;
}

export function base58CheckEncode(payload: Uint8Array): string {
  const check = sha256(sha256(payload)).subarray(0, 4);
  const all = new Uint8Array(payload.length + 4);
  all.set(payload);
  all.set(check, payload.length);
  return base58Encode(all);
}

export function concat(...parts: (Uint8Array | readonly number[])[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
function polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((b >>> i) & 1) chk ^= gen[i]!;
  }
  return chk >>> 0;
}
function toWords(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push((acc >>> bits) & 31);
    }
  }
  if (bits > 0) out.push((acc << (5 - bits)) & 31);
  return out;
}

/** Encode `hrp` + optional witness version + program bytes. */
export function bech32Encode(hrp: string, program: Uint8Array, variant: "bech32" | "bech32m", version?: number): string {
  const data = [...(version === undefined ? [] : [version]), ...toWords(program)];
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const mod = polymod([...expanded, ...data, 0, 0, 0, 0, 0, 0]) ^ (variant === "bech32" ? 1 : 0x2bc830a3);
  const checksum = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...checksum].map((v) => BECH[v]).join("")}`;
}

/** EIP-55 casing written independently of the scanner's implementation. */
export function toChecksumAddress(bytes20: Uint8Array): string {
  const hex = [...bytes20].map((b) => b.toString(16).padStart(2, "0")).join("");
  const hash = keccak_256(new TextEncoder().encode(hex));
  const hashHex = [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `0x${[...hex].map((c, i) => (Number.parseInt(hashHex[i]!, 16) >= 8 ? c.toUpperCase() : c)).join("")}`;
}

/** Change one character in the middle of `s` to another from `alphabet`. */
export function corrupt(s: string, alphabet: string, at = Math.floor(s.length / 2)): string {
  const c = s[at]!;
  const pool = [...alphabet].filter((x) => x !== c && x.toLowerCase() !== c.toLowerCase());
  return s.slice(0, at) + pool[at % pool.length]! + s.slice(at + 1);
}

export const BASE58_ALPHABET = B58;
export const BECH32_ALPHABET = BECH;

/** A BIP-32 extended private key with the given version bytes. */
export function fakeExtendedKey(version: number, seed: number): string {
  const v = [(version >>> 24) & 0xff, (version >>> 16) & 0xff, (version >>> 8) & 0xff, version & 0xff];
  return base58CheckEncode(concat(v, [0, 0, 0, 0, 0, 0, 0, 0, 0], fakeBytes(32, seed), [0], fakeBytes(32, seed + 1)));
}

/** A WIF key (mainnet 0x80 or testnet 0xef, optionally compressed). */
export function fakeWif(seed: number, compressed: boolean, version = 0x80): string {
  return base58CheckEncode(concat([version], fakeBytes(32, seed), compressed ? [1] : []));
}

/** A BIP-38-shaped encrypted key: prefix 0x01 0x42 (flag 0xc0) or 0x01 0x43 (flag 0x20), then 36 bytes. */
export function fakeBip38(seed: number, type = 0x42): string {
  return base58CheckEncode(concat([0x01, type, type === 0x43 ? 0x20 : 0xc0], fakeBytes(36, seed)));
}

export function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
