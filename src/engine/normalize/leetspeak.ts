/**
 * @module Leetspeak folding for injection matching (pass 3): digits and symbols that stand for
 * letters inside a word (`1GN0R3 4LL PR3V10U5`) become those letters. Only words that mix letters
 * with look-alike digits or symbols are touched, so numbers, dates and versions stay as they are.
 */

/** Digit or symbol → the letter it imitates. */
const LEET_TO_LETTER: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "|": "l",
};

/** A letter next to a leet character: the only places a word can be in disguise. */
const MIXED_PAIR = /[A-Za-z][013457@$|]|[013457@$|][A-Za-z]/g;
const HAS_MIXED_PAIR = /[A-Za-z][013457@$|]|[013457@$|][A-Za-z]/;
/** Quick test for any leet character at all (the pair test is several times slower on prose). */
const HAS_LEET_CHAR = /[013457@$|]/;
/** One unit of a leet word: letters, leet characters and the other digits. */
const WORD_UNIT = /[A-Za-z0-9@$|]/;
const LEET_CHAR = /[013457@$|]/g;

/** The folded text and the changed words' ranges (same length as the input, units one for one). */
export interface LeetFold {
  readonly text: string;
  readonly changed: ReadonlyArray<readonly [number, number]>;
}

/**
 * Fold leetspeak words; undefined when there is no word mixing letters with leet characters (the
 * pass is skipped). The result has the input's length, so offsets carry over unchanged.
 */
export function foldLeetspeak(text: string): LeetFold | undefined {
  if (!HAS_LEET_CHAR.test(text) || !HAS_MIXED_PAIR.test(text)) return undefined;
  const changed: [number, number][] = [];
  let out = "";
  let done = 0;
  MIXED_PAIR.lastIndex = 0;
  for (let hit = MIXED_PAIR.exec(text); hit !== null; hit = MIXED_PAIR.exec(text)) {
    let start = hit.index;
    while (start > done && WORD_UNIT.test(text[start - 1]!)) start--;
    let end = hit.index + 2;
    while (end < text.length && WORD_UNIT.test(text[end]!)) end++;
    out += text.slice(done, start) + text.slice(start, end).replace(LEET_CHAR, (c) => LEET_TO_LETTER[c] ?? c);
    changed.push([start, end]);
    done = end;
    MIXED_PAIR.lastIndex = end;
  }
  return { text: out + text.slice(done), changed };
}
