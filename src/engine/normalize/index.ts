/** @module Text normalization passes shared by the scanners. */
export { normalizeText } from "./text.ts";
export { stripInvisible, INVISIBLE, HAS_INVISIBLE } from "./invisible.ts";
export { normalizeForRule } from "./for-rule.ts";
export { normalizeForInjection, foldConfusables, collapseWhitespace } from "./for-injection.ts";
export { percentDecodeFully, percentDecodeOnce, MAX_DECODE_ROUNDS } from "./percent-decode.ts";
export { decodeEntities } from "./html-entities.ts";
export { decodeCharEscapes, decodeQuotedPrintable, mayHoldEscapes } from "./char-escapes.ts";
