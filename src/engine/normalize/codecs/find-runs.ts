/**
 * @module Linear scans for the places an encoded value or a secret can hide: maximal runs of one
 * character class of at least a minimum length. The scan probes the last character of each window
 * and jumps past any character outside the class (the "skip" idea of Boyer-Moore), so ordinary prose,
 * whose words are short, is crossed reading about a third of its characters.
 */

/** A character-class table over UTF-16 code units: 1 = in the class. */
export type CharClass = Uint8Array;

function classOf(members: string, nonAscii: boolean): CharClass {
  const table = new Uint8Array(65536);
  for (let i = 0; i < members.length; i++) table[members.charCodeAt(i)] = 1;
  if (nonAscii) table.fill(1, 128);
  return table;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Printable ASCII except `"'\`()[]{}<>,;` and whitespace. */
const TOKEN_MEMBERS = [...Array(94)].map((_, i) => String.fromCharCode(33 + i)).filter((c) => !"\"'`()[]{}<>,;".includes(c)).join("");

/** Characters of one "word" of machine text: what a secret, a URL or an encoded blob is made of. */
export const TOKEN_CLASS: CharClass = classOf(TOKEN_MEMBERS, true);
/** The union of the base64, base64url, base32 and hex alphabets (padding handled separately). */
export const ALPHABET_CLASS: CharClass = classOf(`${ALNUM}+/_-`, false);
/** Hex digits with the per-byte delimiters and prefixes of delimited hex. */
export const DELIMITED_HEX_CLASS: CharClass = classOf("0123456789abcdefABCDEFxX\\:, -", false);

/**
 * Call `onRun(start, end)` for every maximal run of `cls` characters in `text[from, to)` that is at
 * least `minLength` long, in order.
 */
export function findRuns(text: string, cls: CharClass, minLength: number, onRun: (start: number, end: number) => void, from = 0, to = text.length): void {
  const last = minLength - 1;
  let start = from;
  while (start + minLength <= to) {
    const probe = start + last;
    if (cls[text.charCodeAt(probe)] === 0) {
      start = probe + 1;
      continue;
    }
    let q = probe - 1;
    while (q >= start && cls[text.charCodeAt(q)] === 1) q--;
    if (q >= start) {
      start = q + 1;
      continue;
    }
    let end = probe + 1;
    while (end < to && cls[text.charCodeAt(end)] === 1) end++;
    onRun(start, end);
    start = end + 1;
  }
}
