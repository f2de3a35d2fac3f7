/**
 * @module One candidate run of encoding-alphabet characters → the texts it decodes to, each labelled
 * with its encoding. Runs that are plainly not an encoding are skipped before any decoding: hex needs
 * an even length, base32 one letter case and a digit 2–7, base64 both letter cases (the base64 of
 * any text has them) and not both alphabets. A run that decodes to nothing is retried split at
 * `+ / _ -`, and its longest hex prefix and suffix are tried: that is how an encoded value glued to
 * an identifier (`key_414b…`, `/exfil/QUtJ…`, `…6462exfilcom`) is found.
 */
import { decodeBase32, decodeBase64, decodeHex, MIN_ENCODED_RUN, textsFromBytes } from "../../../normalize/codecs/index.ts";

const UPPER = 1;
const LOWER = 2;
const DIGIT = 4;
/** Some digit outside 2–7 (not base32). */
const NON_BASE32_DIGIT = 8;
/** Some character outside 0–9, a–f, A–F (not hex). */
const NON_HEX = 16;
/** `+` or `/` (standard base64). */
const STD = 32;
/** `-` or `_` (base64url). */
const URL = 64;

/** Character classes present in `core`, as a bit set. */
function shapeOf(core: string): number {
  let s = 0;
  for (let i = 0; i < core.length; i++) {
    const c = core.charCodeAt(i);
    if (c >= 97 && c <= 122) s |= c > 102 ? LOWER | NON_HEX : LOWER;
    else if (c >= 65 && c <= 90) s |= c > 70 ? UPPER | NON_HEX : UPPER;
    else if (c >= 48 && c <= 57) s |= c < 50 || c > 55 ? DIGIT | NON_BASE32_DIGIT : DIGIT;
    else s |= c === 43 || c === 47 ? STD | NON_HEX : URL | NON_HEX;
  }
  return s;
}

const isSeparator = (c: number) => c === 43 || c === 47 || c === 45 || c === 95;

/**
 * Decode `run` (alphabet characters, optionally followed by `=` padding) every way it plausibly
 * encodes something; `emit` gets each resulting text. Returns whether anything was emitted.
 */
export function decodeRun(run: string, emit: (text: string, encoding: string) => void, allowSplit = true): boolean {
  let end = run.length;
  while (end > 0 && run.charCodeAt(end - 1) === 61) end--;
  if (end < MIN_ENCODED_RUN) return false;
  const core = end === run.length ? run : run.slice(0, end);
  const s = shapeOf(core);
  const hexOnly = (s & NON_HEX) === 0;
  const letterCases = s & (UPPER | LOWER);
  let emitted = false;
  if (hexOnly && s & DIGIT && core.length % 2 === 0 && mayHoldText(core, 2, isTextHexLead)) emitted = emitAll(decodeHex(core), "hex", emit) || emitted;
  if ((s & (STD | URL | NON_BASE32_DIGIT)) === 0 && s & DIGIT && (letterCases === UPPER || letterCases === LOWER)) {
    emitted = emitAll(decodeBase32(run), "base32", emit) || emitted;
  }
  if (!hexOnly && (s & (STD | URL)) !== (STD | URL) && letterCases === (UPPER | LOWER) && mayHoldText(core, 4, isTextBase64Lead)) {
    emitted = emitAll(decodeBase64(run, (s & URL) !== 0), "base64", emit) || emitted;
  }
  if (emitted || !allowSplit || hexOnly) return emitted;
  if (s & (STD | URL)) {
    // Pieces between `+ / _ -`, each long enough to decode.
    let pieceStart = 0;
    for (let i = 0; i <= core.length; i++) {
      if (i < core.length && !isSeparator(core.charCodeAt(i))) continue;
      if (i - pieceStart >= MIN_ENCODED_RUN && decodeRun(core.slice(pieceStart, i), emit, false)) emitted = true;
      pieceStart = i + 1;
    }
    return emitted;
  }
  // Hex glued to letters (`…6462exfilevilcom`, `key414b…`): the longest hex prefix and suffix.
  let head = 0;
  while (head < core.length && isHexDigit(core.charCodeAt(head))) head++;
  let tail = core.length;
  while (tail > head && isHexDigit(core.charCodeAt(tail - 1))) tail--;
  if (head >= MIN_ENCODED_RUN && mayHoldText(core.slice(0, head), 2, isTextHexLead)) emitted = emitAll(decodeHex(core.slice(0, head - (head % 2))), "hex", emit) || emitted;
  if (core.length - tail >= MIN_ENCODED_RUN && mayHoldText(core.slice(tail), 2, isTextHexLead)) emitted = emitAll(decodeHex(core.slice(tail + ((core.length - tail) % 2))), "hex", emit) || emitted;
  return emitted;
}

/**
 * Can decoding `core` give text worth rescanning (see normalize/codecs/bytes-to-text.ts)? Judged without decoding from
 * the first character of each group (`stride` characters), which fixes the top bits of the group's
 * first byte: printable ASCII needs hex lead `2`–`7` and base64 lead `I`–`Z`/`a`–`f`. A mostly
 * printable decoding needs at least 40 % good groups (base64: one byte in three is checked, and at
 * most a fifth may be bad); a printable stretch of 16 bytes needs 4 good groups in a row (base64) or
 * 16 (hex). Identifiers, paths and hashes fail this and are never decoded.
 */
function mayHoldText(core: string, stride: number, goodLead: (c: number) => boolean): boolean {
  const streakNeeded = stride === 4 ? 4 : 16;
  let good = 0;
  let groups = 0;
  let streak = 0;
  for (let i = 0; i < core.length; i += stride) {
    groups++;
    if (goodLead(core.charCodeAt(i))) {
      good++;
      if (++streak >= streakNeeded) return true;
    } else {
      streak = 0;
    }
  }
  return good >= (stride === 4 ? 0.4 : 0.6) * groups;
}

const isTextHexLead = (c: number) => c >= 50 && c <= 55;
/** Base64 values 8–31: `I`–`Z` and `a`–`f`. */
const isTextBase64Lead = (c: number) => (c >= 73 && c <= 90) || (c >= 97 && c <= 102);

function emitAll(bytes: Uint8Array | undefined, encoding: string, emit: (text: string, encoding: string) => void): boolean {
  if (!bytes) return false;
  const texts = textsFromBytes(bytes);
  for (const text of texts) emit(text, encoding);
  return texts.length > 0;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
