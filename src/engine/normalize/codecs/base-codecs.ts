/**
 * @module The byte codecs every scanner looks through (DLP, crypto, injection): base64 (standard,
 * URL-safe or a mix, padded or not), hex (plain, or one delimiter / `\x` / `0x` per byte) and base32
 * (RFC 4648). Decoders never throw: input that is not the encoding gives `undefined`. The encoders
 * build the forms canary and environment values are searched in.
 */

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BASE32_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE32_ALPHABET.length; i++) {
  BASE32_VALUE[BASE32_ALPHABET.charCodeAt(i)] = i;
  BASE32_VALUE[BASE32_ALPHABET.toLowerCase().charCodeAt(i)] = i;
}
/** Unpadded base32 lengths (mod 8) that a whole number of bytes can produce. */
const BASE32_VALID_TAIL = new Set([0, 2, 4, 5, 7]);


/** Which base64 alphabet: standard (`+/`), URL-safe (`-_`), or either (mixed) — `true` means URL-safe. */
export type Base64Alphabet = "base64" | "base64url" | "mixed" | boolean;

const URL_SAFE_DASH = /-/g;
const URL_SAFE_UNDERSCORE = /_/g;

/** Decode base64 in `alphabet`; padding optional. */
export function decodeBase64(text: string, alphabet: Base64Alphabet = "base64"): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  let input = text;
  if (alphabet === "mixed" && (text.includes("-") || text.includes("_"))) input = text.replace(URL_SAFE_DASH, "+").replace(URL_SAFE_UNDERSCORE, "/");
  const url = alphabet === true || alphabet === "base64url";
  try {
    return Uint8Array.fromBase64(input, { alphabet: url ? "base64url" : "base64", lastChunkHandling: "loose" });
  } catch {
    return undefined;
  }
}

/** Decode an even-length run of hex digits (any case). */
export function decodeHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0) return undefined;
  try {
    return Uint8Array.fromHex(text);
  } catch {
    return undefined;
  }
}

/** Hex delimiters and per-byte prefixes. */
const HEX_DECORATION = /\\x|0x|[:, -]/gi;

/** Decode a whole string of hex written with a delimiter or prefix per byte: `41:4b`, `\x41\x4b`, `0x41, 0x4b`. */
export function decodeDelimitedHex(text: string): Uint8Array | undefined {
  return decodeHex(text.replace(HEX_DECORATION, ""));
}

/** Shortest delimited-hex sequence decoded: 8 bytes. */
export const MIN_DELIMITED_HEX_BYTES = 8;

const hexValue = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);

/**
 * Every sequence of at least {@link MIN_DELIMITED_HEX_BYTES} bytes in `text[from, to)` written as hex
 * with a delimiter or prefix per byte (`41:4b`, `41 4b`, `41-4b`, `41,4b`, `41, 4b`, `\x41\x4b`,
 * `0x41 0x4b`), decoded, with the span it was read from. A hand-written scanner: one pass, no
 * backtracking.
 */
export function decodeDelimitedHexRuns(text: string, from: number, to: number, onBytes: (bytes: Uint8Array, start: number, end: number) => void): void {
  let bytes: number[] = [];
  let seqStart = from;
  let seqEnd = from;
  const flush = () => {
    if (bytes.length === 0) return; // the common case on ordinary text: nothing collected, nothing to allocate
    if (bytes.length >= MIN_DELIMITED_HEX_BYTES) onBytes(Uint8Array.from(bytes), seqStart, seqEnd);
    bytes = [];
  };
  let i = from;
  while (i < to) {
    // Optional per-byte prefix.
    let p = i;
    const c0 = text.charCodeAt(p);
    const c1 = text.charCodeAt(p + 1) | 32;
    const prefixed = (c0 === 92 /* \ */ || c0 === 48 /* 0 */) && c1 === 120 /* x */ && p + 3 < to && hexValue(text.charCodeAt(p + 2)) >= 0 && hexValue(text.charCodeAt(p + 3)) >= 0;
    if (prefixed) p += 2;
    const hi = p + 1 < to ? hexValue(text.charCodeAt(p)) : -1;
    const lo = hi >= 0 ? hexValue(text.charCodeAt(p + 1)) : -1;
    if (lo < 0) {
      flush();
      i++;
      continue;
    }
    // A byte must be followed by a delimiter, a prefix or the end; two bare bytes in a row are plain hex.
    let next = p + 2;
    const d = next < to ? text.charCodeAt(next) : -1;
    const delimited = d === 58 || d === 44 || d === 32 || d === 45;
    if (delimited) next++;
    if (d === 44 && next < to && text.charCodeAt(next) === 32) next++;
    const nextPrefixed = next + 1 < to && (text.charCodeAt(next) === 92 || text.charCodeAt(next) === 48) && (text.charCodeAt(next + 1) | 32) === 120;
    if (!delimited && !prefixed && !nextPrefixed && next < to) {
      flush();
      i = p + 1;
      continue;
    }
    if (bytes.length === 0) seqStart = i;
    bytes.push(hi * 16 + lo);
    seqEnd = p + 2;
    i = next;
  }
  flush();
}

/** Decode base32 (either case, `=` padding optional). */
export function decodeBase32(text: string): Uint8Array | undefined {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (!BASE32_VALID_TAIL.has(end % 8)) return undefined;
  const out = new Uint8Array(Math.floor((end * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? BASE32_VALUE[c]! : -1;
    if (v < 0) return undefined;
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** Standard base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  return bytes.toBase64();
}

/** Lower-case hex, optionally with `separator` between bytes and `prefix` before each. */
export function encodeHex(bytes: Uint8Array, separator = "", prefix = ""): string {
  if (separator === "" && prefix === "") return bytes.toHex();
  const parts: string[] = [];
  for (const b of bytes) parts.push(prefix + b.toString(16).padStart(2, "0"));
  return parts.join(separator);
}

/** Upper-case base32 without padding. */
export function encodeBase32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = ((buffer << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}
