/**
 * @module `not_placeholder`: true when a value could be machine-generated, false when it is a
 * typed-by-hand stand-in that only looks like a secret to an entropy gate: a run of consecutive
 * characters (`1234567890`, `abcdefg`, `zyxwvu`), letters and digits counted up in step
 * (`a1b2c3d4…`, `d4c3b2a1…`), a block repeated three times or more (`abcd1234abcd1234abcd1234`),
 * or an identifier made of words and short numbers (`DOC_Vector_5_32`). Each shape has a
 * negligible chance in a random token of the lengths rules capture (below one in a million for a
 * 6-character run in base62), so real secrets pass.
 */

/** Consecutive characters (each one more or one less than the last) that make a run. */
export const MIN_SEQUENTIAL_RUN = 6;
/** Letters needed before the "counted in step" test applies. */
const MIN_STEPPED_LETTERS = 8;
/** Share of neighbouring letters one apart that marks letters counted in step. */
const STEPPED_SHARE = 0.5;
/** A block of this many characters or more, repeated {@link MIN_REPEATS} times in a row. */
const MIN_BLOCK = 2;
const MAX_BLOCK = 16;
const MIN_REPEATS = 3;
/** Longest value examined (longer values are keys and blobs, not hand-typed stand-ins). */
const MAX_CHARS = 1024;

/** True when `value` has none of the hand-typed placeholder shapes. */
export function isNotPlaceholder(value: string): boolean {
  if (value.length > MAX_CHARS) return true;
  return !(hasSequentialRun(value) || hasSteppedLetters(value) || hasRepeatedBlock(value) || isWordIdentifier(value));
}

const classOf = (c: number): number => (c >= 48 && c <= 57 ? 1 : (c | 32) >= 97 && (c | 32) <= 122 ? 2 : 0);
const fold = (c: number): number => (classOf(c) === 2 ? c | 32 : c);

/** `123456`, `abcdef`, `FEDCBA`, `7890` wrapping to `0`: same class, each step +1 or each step −1. */
function hasSequentialRun(value: string): boolean {
  let run = 1;
  let dir = 0;
  for (let i = 1; i < value.length; i++) {
    const a = value.charCodeAt(i - 1);
    const b = value.charCodeAt(i);
    const cls = classOf(a);
    let step = cls !== 0 && cls === classOf(b) ? fold(b) - fold(a) : 0;
    if (cls === 1 && step === -9) step = 1; // 9 → 0
    if ((step === 1 || step === -1) && (run === 1 || step === dir)) {
      run++;
      dir = step;
      if (run >= MIN_SEQUENTIAL_RUN) return true;
    } else {
      run = step === 1 || step === -1 ? 2 : 1;
      dir = step;
    }
  }
  return false;
}

/** Letters (case folded, other characters skipped) mostly one apart: `a1b2c3d4e5f6g7h8`, `d4c3b2a1-f6e5-h8g7`. */
function hasSteppedLetters(value: string): boolean {
  const letters: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (classOf(c) === 2) letters.push(c | 32);
  }
  if (letters.length < MIN_STEPPED_LETTERS) return false;
  // Hex digits alone (a–f) step by one too often by chance: only letters beyond `f` count.
  if (letters.every((c) => c <= 102)) return false;
  let stepped = 0;
  for (let i = 1; i < letters.length; i++) if (Math.abs(letters[i]! - letters[i - 1]!) === 1) stepped++;
  return stepped / (letters.length - 1) >= STEPPED_SHARE;
}

/** A block of 2–16 characters repeated `minRepeats` (default 3) or more times back to back, case folded (`abcd1234abcd1234abcd1234`). */
export function hasRepeatedBlock(value: string, minRepeats = MIN_REPEATS): boolean {
  const lower = value.toLowerCase();
  for (let size = MIN_BLOCK; size <= MAX_BLOCK && size * minRepeats <= lower.length; size++) {
    let same = 0;
    for (let i = size; i < lower.length; i++) {
      same = lower.charCodeAt(i) === lower.charCodeAt(i - size) ? same + 1 : 0;
      if (same >= size * (minRepeats - 1)) return true;
    }
  }
  return false;
}

/** Words and short numbers joined by `_`, `-` or `.`: `DOC_Vector_5_32`, `my-secret-value-1`. */
export function isWordIdentifier(value: string): boolean {
  const parts = value.split(/[_.\-]+/).filter((p) => p.length > 0);
  if (parts.length < 3) return false;
  let words = 0;
  for (const p of parts) {
    if (/^[A-Za-z]+$/.test(p)) {
      if (!/^(?:[A-Z][a-z]*|[a-z]+|[A-Z]+)$/.test(p)) return false;
      words++;
    } else if (!/^\d{1,3}$/.test(p)) {
      return false;
    }
  }
  return words >= 2;
}
