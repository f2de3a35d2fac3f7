/**
 * @module Encodings, decoded once for every scanner: byte codecs (base64 in any alphabet, hex plain
 * or delimited, base32), the shared pass that finds encoded runs in text, and the judgement of which
 * decoded bytes are text.
 */
export {
  decodeBase32,
  decodeBase64,
  decodeDelimitedHex,
  decodeDelimitedHexRuns,
  decodeHex,
  encodeBase32,
  encodeBase64,
  encodeHex,
  MIN_DELIMITED_HEX_BYTES,
  type Base64Alphabet,
} from "./base-codecs.ts";
export { controlCharCount, isUtf8, MIN_DECODED_CHARS, MIN_PRINTABLE_RUN, MIN_PRINTABLE_SHARE, textsFromBytes, utf8Text } from "./bytes-to-text.ts";
export { ALPHABET_CLASS, DELIMITED_HEX_CLASS, findRuns, TOKEN_CLASS, type CharClass } from "./find-runs.ts";
export { findDelimitedHex, findEncodedRuns, MAX_PADDING, MIN_DELIMITED_HEX_RUN, MIN_ENCODED_RUN, type EncodedRunOptions } from "./encoded-runs.ts";
