/**
 * @module Finds base64- and hex-wrapped text inside content (injection pass 6): runs of at least
 * MIN_ENCODED_RUN characters of either alphabet that decode to valid, mostly printable UTF-8.
 * Bounded: at most MAX_PAYLOADS candidates and MAX_DECODED_CHARS decoded characters per call; a
 * long run is first tested on a short prefix so binary blobs (images, hashes) cost little.
 */

/** Shortest run of the base64 or hex alphabet worth decoding. */
export const MIN_ENCODED_RUN = 16;
/** Candidates decoded per text; the rest are ignored (the earlier passes still saw them raw). */
export const MAX_PAYLOADS = 256;
/** Decoded characters kept per text. */
export const MAX_DECODED_CHARS = 1 << 20;
/** Share of printable characters a decoded text needs. */
const MIN_PRINTABLE_SHARE = 0.8;
/** Shortest decoded text worth scanning. */
const MIN_DECODED_CHARS = 8;
/** Encoded characters tested before decoding a long run in full (a multiple of 4 and of 2). */
const PROBE_CHARS = 64;

/** Runs of the base64 alphabets (standard and URL-safe) with optional padding; hex is a subset. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
/** Hex bytes written `\x49\x67`. */
const ESCAPED_HEX_RUN = /(?:\\x[0-9a-fA-F]{2}){8,}/g;
/** Hex bytes written `49 67 6e` / `49:67:6e` / `0x49,0x67`. */
const DELIMITED_HEX_RUN = /(?:(?:0x)?[0-9a-fA-F]{2}[ :,-]){7,}(?:0x)?[0-9a-fA-F]{2}(?![0-9a-fA-F])/g;
/** Quick test for delimited hex: bytes of ASCII text (0x20–0x7E) all start with a digit. */
const HAS_DELIMITED_HEX = /\d[0-9a-fA-F][ :,-](?:0x)?\d[0-9a-fA-F][ :,-](?:0x)?\d/;
const HEX_ONLY = /^[0-9a-fA-F]+$/;
const ESCAPE_NOISE = /\\x|0x|[ :,-]/g;
const HAS_RUN = /[A-Za-z0-9+/_-]{16}/;

export type PayloadEncoding = "base64" | "hex";

export interface DecodedPayload {
  /** Span of the encoded run in the scanned text. */
  readonly start: number;
  readonly end: number;
  readonly encoding: PayloadEncoding;
  readonly text: string;
}

/**
 * True when the text may hold an encoded payload (the pass trigger): cheap tests first (a
 * 16-character word run, `\x` escapes, digit-led delimited hex), the full run test only when the
 * text has base64 punctuation.
 */
export function mayHoldPayload(text: string): boolean {
  return WORD_RUN.test(text) || text.includes("\\x") || HAS_DELIMITED_HEX.test(text) || (BASE64_PUNCT.test(text) && HAS_RUN.test(text));
}

const WORD_RUN = /\w{16}/;
const BASE64_PUNCT = /[+/-]/;

/** Every encoded run in `text` that decodes to readable text, in order of position. */
export function findEncodedPayloads(text: string): DecodedPayload[] {
  const out: DecodedPayload[] = [];
  let candidates = 0;
  let budget = MAX_DECODED_CHARS;
  const consider = (start: number, run: string, decode: (s: string) => string | undefined, encoding: PayloadEncoding): void => {
    if (candidates++ >= MAX_PAYLOADS || budget <= 0) return;
    const decoded = decode(run);
    if (decoded === undefined) return;
    budget -= decoded.length;
    out.push({ start, end: start + run.length, encoding, text: decoded });
  };
  BASE64_RUN.lastIndex = 0;
  for (let hit = BASE64_RUN.exec(text); hit !== null && candidates < MAX_PAYLOADS; hit = BASE64_RUN.exec(text)) {
    const run = hit[0];
    const bare = run.replace(TRAILING_PADDING, "");
    if (HEX_ONLY.test(bare) && bare.length % 2 === 0) consider(hit.index, run, decodeHex, "hex");
    else consider(hit.index, run, decodeBase64, "base64");
  }
  const escaped: RegExp[] = [];
  if (text.includes("\\x")) escaped.push(ESCAPED_HEX_RUN);
  if (HAS_DELIMITED_HEX.test(text)) escaped.push(DELIMITED_HEX_RUN);
  for (const re of escaped) {
    re.lastIndex = 0;
    for (let hit = re.exec(text); hit !== null && candidates < MAX_PAYLOADS; hit = re.exec(text)) {
      consider(hit.index, hit[0], (s) => decodeHex(s.replace(ESCAPE_NOISE, "")), "hex");
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Decode base64 (standard or URL-safe, padding optional) to readable text, else undefined. */
export function decodeBase64(run: string): string | undefined {
  let std = run.replace(TRAILING_PADDING, "");
  if (std.includes("-") || std.includes("_")) std = std.replace(URL_SAFE_DASH, "+").replace(URL_SAFE_UNDERSCORE, "/");
  const usable = std.length - (std.length % 4 === 1 ? 1 : 0);
  if (usable > PROBE_CHARS && !readableBinary(base64Binary(std.slice(0, PROBE_CHARS)), true)) return undefined;
  const binary = base64Binary(std.slice(0, usable));
  return readableBinary(binary, false) ? utf8Text(binary) : undefined;
}

/** Decode hex digits (even count) to readable text, else undefined. */
export function decodeHex(digits: string): string | undefined {
  const even = digits.length - (digits.length % 2);
  if (even > PROBE_CHARS && !readableBinary(hexBinary(digits.slice(0, PROBE_CHARS)), true)) return undefined;
  const binary = hexBinary(digits.slice(0, even));
  return readableBinary(binary, false) ? utf8Text(binary) : undefined;
}

const TRAILING_PADDING = /=+$/;
const URL_SAFE_DASH = /-/g;
const URL_SAFE_UNDERSCORE = /_/g;

/** Bytes as a binary string (one unit per byte), or "" when not base64. */
function base64Binary(std: string): string {
  try {
    return atob(std);
  } catch {
    return "";
  }
}

function hexBinary(digits: string): string {
  let out = "";
  for (let i = 0; i + 1 < digits.length; i += 2) out += String.fromCharCode(parseInt(digits.slice(i, i + 2), 16));
  return out;
}

/**
 * True when the bytes are UTF-8 and at least MIN_PRINTABLE_SHARE printable (controls other than
 * tab/LF/CR count against it). A probe (a prefix of a longer run) may end inside a character.
 * Checked on the binary string, without exceptions or copies.
 */
function readableBinary(binary: string, probe: boolean): boolean {
  if (binary.length < MIN_DECODED_CHARS) return false;
  let bad = 0;
  let chars = 0;
  for (let i = 0; i < binary.length; ) {
    const b = binary.charCodeAt(i);
    chars++;
    if (b < 0x80) {
      if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) bad++;
      i++;
      continue;
    }
    const extra = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? (b <= 0xef ? 2 : -1) : b >= 0xc2 ? 1 : -1;
    if (extra < 0) return false;
    for (let k = 1; k <= extra; k++) {
      if (i + k >= binary.length) return probe;
      const c = binary.charCodeAt(i + k);
      if (c < 0x80 || c > 0xbf) return false;
    }
    i += extra + 1;
  }
  return bad <= chars * (1 - MIN_PRINTABLE_SHARE);
}

const utf8 = new TextDecoder("utf-8");

function utf8Text(binary: string): string {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return utf8.decode(bytes);
}
