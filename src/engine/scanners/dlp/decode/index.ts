/** @module Decoding before matching: base64, hex, base32 and percent layers hidden inside text. */
export { decodeLayers, MAX_DECODE_DEPTH, DECODED_CHARS_PER_INPUT_CHAR, MAX_DECODED_CHARS, type DecodedText } from "./decode-layers.ts";
export { decodeBase32, decodeBase64, decodeDelimitedHex, decodeDelimitedHexRuns, decodeHex, encodeBase32, encodeBase64, encodeHex } from "./codecs.ts";
export { textsFromBytes, MIN_PRINTABLE_SHARE, MIN_PRINTABLE_RUN } from "./bytes-to-text.ts";
export { findRuns, TOKEN_CLASS, ALPHABET_CLASS, DELIMITED_HEX_CLASS, type CharClass } from "./find-runs.ts";
export { MIN_ENCODED_RUN } from "./decode-run.ts";
