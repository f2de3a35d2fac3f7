/**
 * @module Finds base64- and hex-wrapped text inside content (injection pass 6): runs of at least
 * MIN_ENCODED_RUN characters of either alphabet, and delimited or `\x`-escaped hex, found by the
 * shared pass in normalize/codecs, kept when they decode to valid, mostly printable UTF-8.
 * Bounded: at most MAX_PAYLOADS candidates and MAX_DECODED_CHARS decoded characters per call; a
 * long run is first tested on a short prefix so binary blobs (images, hashes) cost little.
 */
import { controlCharCount, decodeBase64, decodeHex, findDelimitedHex, findEncodedRuns, isUtf8, MIN_ENCODED_RUN, utf8Text } from "./codecs/index.ts";

export { MIN_ENCODED_RUN };
/** Candidates decoded per text; the rest are ignored (the earlier passes still saw them raw). */
export const MAX_PAYLOADS = 256;
/** Decoded characters kept per text. */
export const MAX_DECODED_CHARS = 1 << 20;
/** Share of printable characters a decoded text needs. */
const MIN_PRINTABLE_SHARE = 0.8;
/** Shortest decoded text worth scanning (bytes). */
const MIN_DECODED_BYTES = 8;
/** Encoded characters tested before decoding a long run in full (a multiple of 4 and of 2). */
const PROBE_CHARS = 64;
/** Base64 padding kept after a run. */
const MAX_PAYLOAD_PADDING = 2;

/** Quick test for delimited hex: bytes of ASCII text (0x20–0x7E) all start with a digit. */
const HAS_DELIMITED_HEX = /\d[0-9a-fA-F][ :,-](?:0x)?\d[0-9a-fA-F][ :,-](?:0x)?\d/;
const HEX_ONLY = /^[0-9a-fA-F]+$/;
const HAS_RUN = /[A-Za-z0-9+/_-]{16}/;
const TRAILING_PADDING = /=+$/;
const WORD_RUN = /\w{16}/;
const BASE64_PUNCT = /[+/-]/;

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

/** Every encoded run in `text` that decodes to readable text, in order of position. */
export function findEncodedPayloads(text: string): DecodedPayload[] {
  const out: DecodedPayload[] = [];
  let candidates = 0;
  let budget = MAX_DECODED_CHARS;
  const stop = () => candidates >= MAX_PAYLOADS || budget <= 0;
  const keep = (start: number, end: number, encoding: PayloadEncoding, decoded: string | undefined) => {
    candidates++;
    if (decoded === undefined) return;
    budget -= decoded.length;
    out.push({ start, end, encoding, text: decoded });
  };
  findEncodedRuns(
    text,
    (start, end) => {
      const run = text.slice(start, end);
      const bare = run.endsWith("=") ? run.replace(TRAILING_PADDING, "") : run;
      if (HEX_ONLY.test(bare) && bare.length % 2 === 0) keep(start, end, "hex", decodeHexText(run));
      else keep(start, end, "base64", decodeBase64Text(run));
    },
    { maxPadding: MAX_PAYLOAD_PADDING, stop },
  );
  findDelimitedHex(text, (bytes, start, end) => keep(start, end, "hex", readableText(bytes, false)), stop);
  return out.sort((a, b) => a.start - b.start);
}

/** Decode base64 (standard or URL-safe, padding optional) to readable text, else undefined. */
export function decodeBase64Text(run: string): string | undefined {
  const bare = run.endsWith("=") ? run.replace(TRAILING_PADDING, "") : run;
  const usable = bare.length - (bare.length % 4 === 1 ? 1 : 0);
  if (usable > PROBE_CHARS && readableText(decodeBase64(bare.slice(0, PROBE_CHARS), "mixed"), true) === undefined) return undefined;
  return readableText(decodeBase64(bare.slice(0, usable), "mixed"), false);
}

/** Decode hex digits (even count) to readable text, else undefined. */
export function decodeHexText(digits: string): string | undefined {
  const even = digits.length - (digits.length % 2);
  if (even > PROBE_CHARS && readableText(decodeHex(digits.slice(0, PROBE_CHARS)), true) === undefined) return undefined;
  return readableText(decodeHex(digits.slice(0, even)), false);
}

/**
 * The bytes as text when they are UTF-8 and at least MIN_PRINTABLE_SHARE printable (controls other
 * than tab/LF/CR count against it). A probe (a prefix of a longer run) may end inside a character;
 * it answers "" for yes.
 */
function readableText(bytes: Uint8Array | undefined, probe: boolean): string | undefined {
  if (!bytes || bytes.length < MIN_DECODED_BYTES) return undefined;
  if (probe) {
    if (!isUtf8(bytes, true)) return undefined;
    let bad = 0;
    for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) bad++;
    return bad <= bytes.length * (1 - MIN_PRINTABLE_SHARE) ? "" : undefined;
  }
  const text = utf8Text(bytes);
  if (text === undefined) return undefined;
  return controlCharCount(text) <= text.length * (1 - MIN_PRINTABLE_SHARE) ? text : undefined;
}
