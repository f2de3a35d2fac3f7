/**
 * @module BIP-39 seed phrases in text: runs of consecutive dictionary words of one language, each
 * window of 12/15/18/21/24 words checked against the checksum (longest first, then the scan jumps
 * past the phrase). Bails out before any checksum when the text has fewer dictionary words than
 * the shortest phrase. Identical windows in repetitive text are checked once (memo verified word
 * by word, so a hash collision can never hide a phrase).
 */
import { hasValidChecksum } from "./seed-checksum.ts";
import { passOverText, type WordHits } from "./text-pass.ts";
import { SEED_LENGTHS, type SeedLength, type SeedPhraseSettings } from "./settings.ts";
import { LANGUAGE_COUNT, SEED_LANGUAGES, seedLexicon, type Lexicon, type SeedLanguage } from "./wordlists.ts";

/** Most phrases reported per text. */
export const MAX_SEED_MATCHES = 16;
/** Runs shorter than this are checked without a memo (no allocation in the common case). */
const MEMO_MIN_RUN = 48;
/** Modulus of the rolling window hash (prime below 2^25, so hash·base stays an exact double). */
const HASH_MOD = 33554393;
const HASH_BASE = 2053;

export interface SeedPhraseMatch {
  readonly language: SeedLanguage;
  readonly words: SeedLength;
  /** UTF-16 offsets of the first word's start and the last word's end. */
  readonly start: number;
  readonly end: number;
  readonly firstWord: string;
}

export interface SeedPhraseFinder {
  /** The lexicon to collect hits with (undefined when the finder is disabled). */
  readonly lexicon: Lexicon | undefined;
  /** Phrases among the dictionary hits collected from `normalizedText` by the text pass. */
  findInHits(normalizedText: string, hits: WordHits): SeedPhraseMatch[];
  /** Convenience: run the text pass and then {@link findInHits}. */
  find(normalizedText: string): SeedPhraseMatch[];
}

const WORDS_ONLY = { minAlnum: Number.POSITIVE_INFINITY, maxAlnum: 0, minEncoded: 0, maxEncoded: 0, maxEncodedRuns: 0 };

/** Compile a finder for the given settings (lengths ≥ minWords, longest first). */
export function compileSeedPhraseFinder(settings: SeedPhraseSettings): SeedPhraseFinder {
  const lexicon: Lexicon = seedLexicon();
  const lengths = SEED_LENGTHS.filter((l) => l >= settings.minWords).sort((a, b) => b - a);
  const minWords = lengths.length > 0 ? lengths[lengths.length - 1]! : Number.POSITIVE_INFINITY;
  const active = settings.enabled && lengths.length > 0;
  const findIn = (text: string, hits: WordHits): SeedPhraseMatch[] =>
    !active || hits.count < minWords ? [] : findInHits(lexicon, text, hits, lengths, minWords, settings.verifyChecksum);
  return {
    lexicon: active ? lexicon : undefined,
    findInHits: findIn,
    find: (text) => (active && text.length > 0 ? findIn(text, passOverText(text, lexicon, WORDS_ONLY).hits) : []),
  };
}

function findInHits(lexicon: Lexicon, text: string, hits: WordHits, lengths: readonly SeedLength[], minWords: number, verify: boolean): SeedPhraseMatch[] {
  const masks = lexicon.masks;
  const perLanguage = new Int32Array(SEED_LANGUAGES.length);
  for (let k = 0; k < hits.count; k++) {
    const mask = masks[hits.word[k]!]!;
    for (let b = 0; b < SEED_LANGUAGES.length; b++) if ((mask & (1 << b)) !== 0) perLanguage[b]!++;
  }
  const out: SeedPhraseMatch[] = [];
  const taken = new Set<number>();
  for (let lang = 0; lang < SEED_LANGUAGES.length && out.length < MAX_SEED_MATCHES; lang++) {
    if (perLanguage[lang]! < minWords) continue;
    const bit = 1 << lang;
    let runStart = -1;
    for (let k = 0; k <= hits.count; k++) {
      const inRun = k < hits.count && (masks[hits.word[k]!]! & bit) !== 0 && (runStart < 0 || hits.ordinal[k] === hits.ordinal[k - 1]! + 1);
      if (inRun) {
        if (runStart < 0) runStart = k;
        continue;
      }
      if (runStart >= 0 && k - runStart >= minWords) scanRun(lexicon, text, hits, lang, runStart, k, lengths, verify, out, taken);
      runStart = k < hits.count && (masks[hits.word[k]!]! & bit) !== 0 ? k : -1;
    }
  }
  return out;
}

function scanRun(
  lexicon: Lexicon, text: string, hits: WordHits, lang: number, from: number, to: number, lengths: readonly SeedLength[],
  verify: boolean, out: SeedPhraseMatch[], taken: Set<number>,
): void {
  const size = to - from;
  const indices = new Int32Array(size);
  for (let k = 0; k < size; k++) indices[k] = lexicon.indexes[hits.word[from + k]! * LANGUAGE_COUNT + lang]!;
  const memo = size >= MEMO_MIN_RUN ? new WindowMemo(indices) : undefined;
  let p = 0;
  while (p < size && out.length < MAX_SEED_MATCHES) {
    let matched: SeedLength | undefined;
    for (const words of lengths) {
      if (p + words > size) continue;
      if (!verify || (memo ? memo.valid(p, words) : hasValidChecksum(indices, p, words))) {
        matched = words;
        break;
      }
    }
    if (matched === undefined) {
      p++;
      continue;
    }
    const first = from + p;
    const last = first + matched - 1;
    const start = hits.start[first]!;
    if (!taken.has(start)) {
      taken.add(start);
      out.push({
        language: SEED_LANGUAGES[lang]!, words: matched, start, end: hits.end[last]!,
        firstWord: text.slice(start, hits.end[first]!),
      });
    }
    p += matched;
  }
}

/** Checksum results keyed by (window hash, length), verified against the window's words. */
class WindowMemo {
  private readonly prefix: Float64Array;
  private readonly pow: Float64Array;
  private readonly seen = new Map<number, { readonly at: number; readonly valid: boolean }>();

  constructor(private readonly indices: Int32Array) {
    const n = indices.length;
    this.prefix = new Float64Array(n + 1);
    this.pow = new Float64Array(n + 1);
    this.pow[0] = 1;
    for (let i = 0; i < n; i++) {
      this.prefix[i + 1] = (this.prefix[i]! * HASH_BASE + indices[i]! + 1) % HASH_MOD;
      this.pow[i + 1] = (this.pow[i]! * HASH_BASE) % HASH_MOD;
    }
  }

  valid(at: number, words: number): boolean {
    const h = (((this.prefix[at + words]! - ((this.prefix[at]! * this.pow[words]!) % HASH_MOD)) % HASH_MOD) + HASH_MOD) % HASH_MOD;
    const key = h * 32 + words;
    const prior = this.seen.get(key);
    if (prior !== undefined && this.sameWindow(prior.at, at, words)) return prior.valid;
    const valid = hasValidChecksum(this.indices, at, words);
    if (prior === undefined) this.seen.set(key, { at, valid });
    return valid;
  }

  private sameWindow(a: number, b: number, words: number): boolean {
    for (let i = 0; i < words; i++) if (this.indices[a + i] !== this.indices[b + i]) return false;
    return true;
  }
}
