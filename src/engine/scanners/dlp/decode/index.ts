/**
 * @module Decoding before matching: base64, hex, base32 and percent layers hidden inside text. The
 * codecs and the run finder live in normalize/codecs (shared with crypto and injection) and are
 * re-exported here for the DLP scanner's own modules and tests.
 */
export { decodeLayers, newDecodeMemo, MAX_DECODE_DEPTH, DECODED_CHARS_PER_INPUT_CHAR, MAX_DECODED_CHARS, type DecodedText, type DecodeMemo } from "./decode-layers.ts";
export * from "../../../normalize/codecs/index.ts";
