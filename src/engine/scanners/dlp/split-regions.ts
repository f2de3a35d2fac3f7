/**
 * @module Secrets split by noise inside one text: `sk-ant-api03-AB CD EF…`, `A.K.I.A.…`,
 * `A-K-I-A-…`, a key broken over lines (the break may carry indentation). Finds short stretches
 * that look like the pieces of one key and returns them with the noise removed, for a second,
 * keyword-anchored DLP pass. Bounded and linear: a stretch starts at a digit (prose has few; key
 * material nearly always has one), is one token spelled apart, or is one long digit-free token
 * dense with separators.
 */
import { findRuns, TOKEN_CLASS } from "../../normalize/codecs/index.ts";

/** A joined stretch shorter than this cannot hold a credential. */
export const MIN_SPLIT_SECRET = 16;
/** Longest stretch (raw characters) joined into one candidate. */
export const MAX_REGION_CHARS = 2048;
/** Words of context trimmed from either end of a stretch for the extra candidates. */
const MAX_TRIMMED_WORDS = 2;
/** Stretches longer than this (joined) are machine data, not one key with context: no trimmed variants. */
const MAX_TRIMMED_REGION = 256;
/** Candidate characters produced per input character, at most. */
export const SPLIT_CHARS_PER_INPUT_CHAR = 4;
/** A lookup table over ASCII: 1 for each of `chars`. */
function asciiTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}

/** Separators allowed between two pieces. */
const MAX_GAP = 2;
/** A gap holding a line break may be longer: the break plus indentation (`\r\n    `). */
const MAX_LINE_GAP = 10;
const MAX_LINE_BREAKS = 2;
/**
 * `A-K-I-A-…`, `AK_IA_QW_…`, `AKIA-QWER-TYZ2-…`: at least this many pieces, none longer than
 * MAX_INTERLEAVED_PIECE, joined by separators, are one value spelled apart (when the joined value is
 * long enough to be a key). Words joined by hyphens (`margin-bottom`) and UUIDs have longer pieces.
 */
const MIN_INTERLEAVED_PIECES = 4;
const MAX_INTERLEAVED_PIECE = 4;
const INTERLEAVE_CHAR = asciiTable("-_.:|\\");
const INTERLEAVE = /[-_.:|\\]/g;
/** A lower-case word up to this long may sit between two key-like pieces (a random chunk like `qzvk`). */
const MAX_BRIDGE = 8;
/** A word with `-`/`_` this short may be a key prefix (`sk-ant`, `xoxb-1`). */
const MAX_PREFIX_WORD = 8;
/** Share of separators that makes one long token a split key (`A.K.I.A.I.O.S.F…` is one half). */
const DENSE_NOISE_SHARE = 0.3;
const MIN_DENSE_NOISE = 4;

const WORD = asciiTable("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+/-");
const NOISE = asciiTable(" \t\r\n.,;:|\\");
const DIGIT = /\d/g;
const IN_TOKEN_NOISE = /[.:|\\]/g;
const IN_TOKEN_NOISE_CHAR = asciiTable(".:|\\");
const HYPHEN_UNDERSCORE = /[-_]/g;

const isInTokenNoise = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return c < 128 && IN_TOKEN_NOISE_CHAR[c] === 1;
};
const isWord = (c: number) => c < 128 && WORD[c] === 1;
const isNoise = (c: number) => c < 128 && NOISE[c] === 1;

/**
 * Does the word look like a piece of key material: a digit, an inner capital, one letter or digit,
 * or a short or trailing `-`/`_` (a prefix such as `sk-ant` or `ghp_`, not `margin-bottom`)?
 */
function keyLike(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length === 1) {
    const c = text.charCodeAt(start);
    // A lone `-` or `_` is the separator inside a key's prefix (`g h p _ Z q…`).
    if (c === 45 || c === 95) return true;
    return ((c | 32) >= 97 && (c | 32) <= 122) || (c >= 48 && c <= 57);
  }
  const last = text.charCodeAt(end - 1);
  if (last === 45 || last === 95) return true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
    if (c >= 65 && c <= 90 && i > start) return true;
    if ((c === 45 || c === 95) && length <= MAX_PREFIX_WORD) return true;
  }
  return false;
}

function bridgeable(text: string, start: number, end: number): boolean {
  if (end - start > MAX_BRIDGE) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return false;
  }
  return true;
}

interface Word {
  start: number;
  end: number;
  key: boolean;
}

/**
 * The noise-stripped candidates of `text`. Each stretch is joined whole, once more without `-`/`_`,
 * and (when short) without up to two words at either end: a word of context glued onto a key breaks
 * the rule's boundary. Output is bounded by {@link SPLIT_CHARS_PER_INPUT_CHAR} times the input.
 */
export function splitRegions(text: string): string[] {
  const out: string[] = [];
  if (text.length <= MIN_SPLIT_SECRET) return out;
  let budget = SPLIT_CHARS_PER_INPUT_CHAR * text.length;
  const add = (joined: string) => {
    if (joined.length < MIN_SPLIT_SECRET || budget < joined.length) return;
    budget -= joined.length;
    out.push(joined);
  };
  // Values spelled apart inside one token first: their candidate is exact, and the digit-started
  // stretches below (which also take in the words around) must not use up the budget before it.
  const spelled = new Set<number>();
  findRuns(text, TOKEN_CLASS, MIN_SPLIT_SECRET, (start, end) => {
    if (spelledApart(text, start, end, add)) spelled.add(start);
  });
  let examined = 0;
  DIGIT.lastIndex = 0;
  for (let m = DIGIT.exec(text); m !== null && budget > 0; m = DIGIT.exec(text)) {
    const region = regionAround(text, m.index, examined);
    examined = Math.max(region.end, m.index + 1);
    DIGIT.lastIndex = examined;
    const words = region.words;
    if (words.length < 2 || words.filter((w) => w.key).length * 2 < words.length) continue;
    // Prefix sums of piece lengths: only candidates long enough are ever built.
    const ends = [0];
    for (const w of words) ends.push(ends[ends.length - 1]! + w.end - w.start);
    const join = (i: number, j: number) => {
      if (ends[j]! - ends[i]! < MIN_SPLIT_SECRET) return;
      let joined = "";
      for (let k = i; k < j; k++) joined += text.slice(words[k]!.start, words[k]!.end);
      add(joined);
      if (i === 0 && j === words.length) {
        const bare = joined.replace(HYPHEN_UNDERSCORE, "");
        if (bare !== joined) add(bare);
      }
    };
    join(0, words.length);
    if (ends[words.length]! > MAX_TRIMMED_REGION) continue;
    for (let i = 0; i <= MAX_TRIMMED_WORDS; i++) {
      for (let j = Math.max(i + 2, words.length - MAX_TRIMMED_WORDS); j <= words.length; j++) {
        if (i !== 0 || j !== words.length) join(i, j);
      }
    }
  }
  findRuns(text, TOKEN_CLASS, MIN_SPLIT_SECRET, (start, end) => {
    // Tokens already rejoined as spelled apart above need nothing more.
    if (spelled.has(start)) return;
    // Dense noise starts early (`A.K.I.A…`, `AK:IA:…`): look further only then. Tokens with a
    // digit were already seen by the digit-started stretches above.
    if (!isInTokenNoise(text, start + 1) && !isInTokenNoise(text, start + 2)) return;
    let noise = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) return;
      if (c < 128 && IN_TOKEN_NOISE_CHAR[c] === 1) noise++;
    }
    if (noise >= MIN_DENSE_NOISE && noise >= DENSE_NOISE_SHARE * (end - start)) add(text.slice(start, end).replace(IN_TOKEN_NOISE, ""));
  });
  return out;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);

/**
 * Hand `add` every stretch of the token that is a value spelled apart, without its separators; true
 * when there was one. A stretch is a run of at least MIN_INTERLEAVED_PIECES pieces of letters and
 * digits, none longer than MAX_INTERLEAVED_PIECE, joined by separators; a longer piece or any other
 * character (the `=` of `key=A-K-I-A-…`, the `.txt` after it) ends one.
 */
function spelledApart(text: string, start: number, end: number, add: (joined: string) => void): boolean {
  let found = false;
  let from = -1;
  let to = -1;
  let pieces = 0;
  let separators = 0;
  /** Start of the second piece, end of the one before the last. */
  let secondStart = -1;
  let beforeLastEnd = -1;
  const joined = (a: number, b: number) => text.slice(a, b).replace(INTERLEAVE, "");
  const close = () => {
    if (pieces >= MIN_INTERLEAVED_PIECES && separators > 0) {
      add(joined(from, to));
      // A key's own `_` or `-` spelled out between the separators (`g-h-p-_-Z-q…`): also
      // without the most frequent separator only.
      const keeping = withoutMostFrequentSeparator(text.slice(from, to));
      if (keeping !== undefined) add(keeping);
      // A word of context spelled the same way at either end (`….txt`) would break the rule's
      // boundary: also without the first and without the last piece.
      if (pieces > MIN_INTERLEAVED_PIECES) {
        add(joined(from, beforeLastEnd));
        add(joined(secondStart, to));
      }
      found = true;
    }
    from = -1;
    pieces = separators = 0;
  };
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isAlnum(c)) {
      let j = i + 1;
      while (j < end && isAlnum(text.charCodeAt(j))) j++;
      if (j - i <= MAX_INTERLEAVED_PIECE) {
        if (from < 0) from = i;
        else if (pieces === 1) secondStart = i;
        beforeLastEnd = to;
        pieces++;
        to = j;
      } else close();
      i = j;
    } else {
      if (c < 128 && INTERLEAVE_CHAR[c] === 1) {
        if (from >= 0) separators++;
      } else close();
      i++;
    }
  }
  close();
  return found;
}

/**
 * Is text[from, to) a gap two pieces of one key may span: at most MAX_GAP separators, or one or two
 * line breaks with only indentation (spaces, tabs, CRs) around them, up to MAX_LINE_GAP characters
 * (two values joined one per line, the second starting with a line break of its own). More breaks
 * are a blank-line boundary between unrelated values.
 */
function spannable(text: string, from: number, to: number): boolean {
  if (to - from <= MAX_GAP) return true;
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) breaks++;
    else if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return breaks >= 1 && breaks <= MAX_LINE_BREAKS;
}

/** Where the gap of separators at `pos` ends (`pos` when it is not a gap two pieces may span). */
function gapEndAfter(text: string, pos: number): number {
  let end = pos;
  while (end < text.length && end - pos < MAX_LINE_GAP && isNoise(text.charCodeAt(end))) end++;
  return spannable(text, pos, end) ? end : pos;
}

/** Where the gap of separators ending at `pos` starts (`pos` when it is not one), not before `floor`. */
function gapStartBefore(text: string, pos: number, floor: number): number {
  let start = pos;
  while (start > floor && pos - start < MAX_LINE_GAP && isNoise(text.charCodeAt(start - 1))) start--;
  return spannable(text, start, pos) ? start : pos;
}

/** `stretch` without its most frequent separator, when it holds other separators too; else undefined. */
function withoutMostFrequentSeparator(stretch: string): string | undefined {
  const counts = new Map<string, number>();
  for (const c of stretch.match(INTERLEAVE) ?? []) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (counts.size < 2) return undefined;
  let top = "";
  let most = 0;
  for (const [c, n] of counts) {
    if (n > most) {
      top = c;
      most = n;
    }
  }
  return stretch.split(top).join("");
}

/** Every value spelled apart in `text` (`A-K-I-A-…`), its separators removed: for callers that build their own candidates (URL parts). */
export function spelledApartJoins(text: string): string[] {
  const out: string[] = [];
  if (text.length <= MIN_SPLIT_SECRET) return out;
  findRuns(text, TOKEN_CLASS, MIN_SPLIT_SECRET, (start, end) => {
    spelledApart(text, start, end, (joined) => {
      if (joined.length >= MIN_SPLIT_SECRET) out.push(joined);
    });
  });
  return out;
}

/** The stretch of key-like words around the digit at `at`, not reaching back before `floor`. */
function regionAround(text: string, at: number, floor: number): { words: Word[]; end: number } {
  let s = at;
  while (s > floor && isWord(text.charCodeAt(s - 1))) s--;
  let e = at + 1;
  while (e < text.length && isWord(text.charCodeAt(e))) e++;
  const noiseBefore = s > floor && isNoise(text.charCodeAt(s - 1));
  const noiseAfter = e < text.length && isNoise(text.charCodeAt(e));
  if (!noiseBefore && !noiseAfter) return { words: [], end: e };
  const first: Word = { start: s, end: e, key: true };
  // Extend left (collected backwards, reversed once).
  const before: Word[] = [];
  let prev = wordBefore(text, s, floor);
  while (prev && e - prev.start <= MAX_REGION_CHARS) {
    const further = wordBefore(text, prev.start, floor);
    if (!prev.key && (!further || !further.key || !bridgeable(text, prev.start, prev.end))) break;
    before.push(prev);
    prev = further;
  }
  const words = before.reverse();
  words.push(first);
  // Extend right.
  const regionStart = words[0]!.start;
  let right = e;
  let next = wordAfter(text, e);
  while (next && next.end - regionStart <= MAX_REGION_CHARS) {
    const further = wordAfter(text, next.end);
    if (!next.key && (!further || !further.key || !bridgeable(text, next.start, next.end))) break;
    words.push(next);
    right = next.end;
    next = further;
  }
  return { words, end: right };
}

function wordBefore(text: string, pos: number, floor: number): Word | undefined {
  const gapStart = gapStartBefore(text, pos, floor);
  if (gapStart === pos || gapStart <= floor) return undefined;
  let start = gapStart;
  while (start > floor && isWord(text.charCodeAt(start - 1))) start--;
  if (start === gapStart) return undefined;
  return { start, end: gapStart, key: keyLike(text, start, gapStart) };
}

function wordAfter(text: string, pos: number): Word | undefined {
  const gapEnd = gapEndAfter(text, pos);
  if (gapEnd === pos || gapEnd >= text.length) return undefined;
  let end = gapEnd;
  while (end < text.length && isWord(text.charCodeAt(end))) end++;
  if (end === gapEnd) return undefined;
  return { start: gapEnd, end, key: keyLike(text, gapEnd, end) };
}
