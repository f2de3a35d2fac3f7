/**
 * @module Decoding before matching: base64, hex, base32 and percent layers hidden inside text. The
 * codecs and the run finder they use live in normalize/codecs (shared with crypto and injection);
 * import them from there.
 */
export { decodeLayers, newDecodeMemo, MAX_DECODE_DEPTH, DECODED_CHARS_PER_INPUT_CHAR, MAX_DECODED_CHARS, type DecodedText, type DecodeMemo } from "./decode-layers.ts";
