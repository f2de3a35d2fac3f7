/**
 * @module Vowel folding for injection matching (pass 5): every vowel becomes `a` (upper case `A`)
 * in the text, and the rule patterns are folded the same way at compile time, so a word whose
 * vowels were swapped or replaced by look-alikes (`instroctions`, `ignaro`) still matches.
 * Units map one for one, so offsets carry over unchanged.
 */

/** ASCII code → folded code. */
const FOLD = new Uint16Array(128).map((_, c) => c);
for (const v of "eiou") FOLD[v.charCodeAt(0)] = 0x61;
for (const v of "EIOU") FOLD[v.charCodeAt(0)] = 0x41;
const HAS_VOWEL = /[eiouEIOU]/;
const LOWER_VOWELS = /[eiou]/g;
const UPPER_VOWELS = /[EIOU]/g;
/** UTF-16 code units in memory are little-endian on every platform Bun runs on; checked anyway. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf16 = new TextDecoder("utf-16le");

/**
 * Lower-case vowels → `a`, upper-case vowels → `A`; every other unit is kept. (A table loop into
 * a code-unit buffer is about three times faster than two regex replacements.)
 */
export function foldVowels(text: string): string {
  if (!HAS_VOWEL.test(text)) return text;
  if (!LITTLE_ENDIAN) return text.replace(LOWER_VOWELS, "a").replace(UPPER_VOWELS, "A");
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    units[i] = c < 128 ? FOLD[c]! : c;
  }
  return utf16.decode(units);
}
