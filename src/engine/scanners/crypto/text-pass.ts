/**
 * @module One linear pass over a text that collects everything the crypto scanner needs: the seed
 * lexicon's words (a word is a run of letters, so digits, punctuation, numbering and line breaks all
 * separate words: `1. abandon, 2. ability`), the alphanumeric runs long enough to be a key or an
 * address, and the base64/hex runs long enough to hide one. Branch-light and allocation-free per
 * character; ASCII words are looked up from a hash computed while reading them.
 */
import type { AlnumRun, EncodedRun } from "./alnum-runs.ts";
import { FNV_PRIME, hashOf, HASH_START } from "./word-table.ts";
import { ALNUM, ASCII_CLASS, BASE64, classOf, HEX, LETTER } from "./char-classes.ts";
import type { Lexicon } from "./wordlists.ts";

/** Dictionary hits of one text, as parallel arrays (ordinal = position among all word tokens). */
export interface WordHits {
  readonly count: number;
  readonly ordinal: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Lexicon word id of each hit (see {@link Lexicon}). */
  readonly word: Int32Array;
}

export interface PassLimits {
  readonly minAlnum: number;
  readonly maxAlnum: number;
  /** Shortest encoded run kept; 0 disables them. */
  readonly minEncoded: number;
  readonly maxEncoded: number;
  readonly maxEncodedRuns: number;
}

export interface TextPass {
  readonly hits: WordHits;
  readonly alnum: AlnumRun[];
  readonly encoded: EncodedRun[];
}

const INITIAL_HITS = 256;
const PAD = 0x3d;
const MAX_PAD = 2;
const SPACE = 0x20;

class HitBuffer {
  count = 0;
  ordinal = new Int32Array(INITIAL_HITS);
  start = new Int32Array(INITIAL_HITS);
  end = new Int32Array(INITIAL_HITS);
  word = new Int32Array(INITIAL_HITS);

  push(ordinal: number, start: number, end: number, word: number): void {
    if (this.count === this.ordinal.length) {
      this.ordinal = grow(this.ordinal);
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.word = grow(this.word);
    }
    this.ordinal[this.count] = ordinal;
    this.start[this.count] = start;
    this.end[this.count] = end;
    this.word[this.count] = word;
    this.count++;
  }
}

/** A non-ASCII word, sliced and lower-cased (lower-casing may change its length). */
function findLowered(lexicon: Lexicon, lowered: string): number {
  return lexicon.table.find(lowered, 0, lowered.length, hashOf(lowered));
}

function grow(buf: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(buf.length * 2);
  next.set(buf);
  return next;
}

/** Scan `text` (already normalized) once. `lexicon` undefined skips word lookups. */
export function passOverText(text: string, lexicon: Lexicon | undefined, limits: PassLimits): TextPass {
  const hits = new HitBuffer();
  const alnum: AlnumRun[] = [];
  const encoded: EncodedRun[] = [];
  const maxWord = lexicon?.maxKeyLength ?? 0;
  const table = ASCII_CLASS;
  const n = text.length;
  let wordStart = -1;
  let hash = HASH_START;
  let ascii = true;
  let ordinal = 0;
  let alnumStart = -1;
  let encStart = -1;
  let allHex = true;
  for (let i = 0; i <= n; i++) {
    const code = i < n ? text.charCodeAt(i) : SPACE;
    const cls = code < 0x80 ? table[code]! : classOf(code);
    if ((cls & LETTER) !== 0) {
      if (wordStart < 0) {
        wordStart = i;
        hash = HASH_START;
        ascii = true;
      }
      if (code < 0x80) hash = Math.imul(hash ^ (code | 0x20), FNV_PRIME);
      else ascii = false;
    } else if (wordStart >= 0) {
      if (lexicon !== undefined && i - wordStart <= maxWord) {
        const hit = ascii ? lexicon.table.find(text, wordStart, i, hash) : findLowered(lexicon, text.slice(wordStart, i).toLowerCase());
        if (hit >= 0) hits.push(ordinal, wordStart, i, hit);
      }
      ordinal++;
      wordStart = -1;
    }
    if ((cls & ALNUM) !== 0) {
      if (alnumStart < 0) alnumStart = i;
    } else if (alnumStart >= 0) {
      if (i - alnumStart >= limits.minAlnum && i - alnumStart <= limits.maxAlnum) alnum.push({ start: alnumStart, end: i });
      alnumStart = -1;
    }
    if ((cls & BASE64) !== 0) {
      if (encStart < 0) {
        encStart = i;
        allHex = true;
      }
      if ((cls & HEX) === 0) allHex = false;
    } else if (encStart >= 0) {
      let end = i;
      while (end < n && end - i < MAX_PAD && text.charCodeAt(end) === PAD) end++;
      const length = end - encStart;
      if (limits.minEncoded > 0 && length >= limits.minEncoded && length <= limits.maxEncoded && encoded.length < limits.maxEncodedRuns) {
        encoded.push({ start: encStart, end, hex: allHex && end === i });
      }
      encStart = -1;
    }
  }
  return { hits, alnum, encoded };
}
