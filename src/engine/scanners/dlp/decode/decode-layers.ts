/**
 * @module Recursive decoding, bounded: up to {@link MAX_DECODE_DEPTH} layers (base64(hex(secret)),
 * url(base64(secret)), …), and no more decoded text in total than {@link DECODED_CHARS_PER_INPUT_CHAR}
 * times the input (capped at {@link MAX_DECODED_CHARS}). Each decoded text is DLP-normalized and
 * labelled with its chain of encodings, outermost first (`base64+hex`). Several texts of one subject
 * (the parts of a URL) can share a {@link DecodeMemo}: a decoded text or an encoded run met in an
 * earlier text is not produced or decoded again.
 */
import { MIN_ENCODED_RUN } from "../../../normalize/codecs/index.ts";
import { mayHoldEscapes } from "../../../normalize/char-escapes.ts";
import { normalizeForDlp } from "../normalize-for-dlp.ts";
import { decodeLayer, type DecodeMemo } from "./decode-layer.ts";

export type { DecodeMemo } from "./decode-layer.ts";

export const MAX_DECODE_DEPTH = 3;
export const DECODED_CHARS_PER_INPUT_CHAR = 4;
export const MAX_DECODED_CHARS = 8 * 1024 * 1024;

export interface DecodedText {
  readonly text: string;
  /** `base64`, `hex`, `base32`, `url`, `escape`, `quoted-printable`, or a chain such as `base64+hex`. */
  readonly encoding: string;
}

/** A memo to share between the texts of one subject. */
export function newDecodeMemo(): DecodeMemo {
  return { decoded: new Set(), runs: new Set() };
}

/** Every text hidden in `text` under up to three layers of encoding, outermost layers first. */
export function decodeLayers(text: string, memo?: DecodeMemo): DecodedText[] {
  // Nothing long enough to decode, and no percent or character escape
  if (text.length < MIN_ENCODED_RUN && !text.includes("%") && !mayHoldEscapes(text)) return [];
  const out: DecodedText[] = [];
  let remaining = Math.min(MAX_DECODED_CHARS, DECODED_CHARS_PER_INPUT_CHAR * text.length);
  const stop = () => remaining <= 0;
  let seen: Set<string> | undefined = memo?.decoded;
  let parent: DecodedText = { text, encoding: "" };
  const emit = (decoded: string, encoding: string) => {
    if (remaining <= 0) return;
    const normalized = normalizeForDlp(decoded);
    if (normalized === text) return;
    seen ??= new Set();
    if (seen.has(normalized)) return;
    seen.add(normalized);
    remaining -= normalized.length;
    out.push({ text: normalized, encoding: parent.encoding === "" ? encoding : `${parent.encoding}+${encoding}` });
  };
  decodeLayer(text, emit, stop, memo);
  // Deeper layers: the texts found at the previous depth, in order (out grows while we walk it).
  let levelStart = 0;
  for (let depth = 2; depth <= MAX_DECODE_DEPTH && !stop(); depth++) {
    const levelEnd = out.length;
    if (levelStart === levelEnd) break;
    for (let i = levelStart; i < levelEnd && !stop(); i++) {
      parent = out[i]!;
      decodeLayer(parent.text, emit, stop, memo);
    }
    levelStart = levelEnd;
  }
  return out;
}
