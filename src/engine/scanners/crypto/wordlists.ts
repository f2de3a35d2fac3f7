/**
 * @module The BIP-39 word lexicon: the ten official wordlists shipped by @scure/bip39 (bundled at
 * build time, nothing fetched), merged into one table from a normalized word to the languages that
 * contain it and its index in each. Loaded and built once per process on first use, into typed
 * arrays and one pooled string (word-table.ts): a word is an integer id, not an object.
 */
import { buildWordTable, type WordTable } from "./word-table.ts";

/** Language names, in bit order of {@link WordEntry.mask}. */
export const SEED_LANGUAGES = [
  "english", "japanese", "korean", "spanish", "chinese_simplified", "chinese_traditional",
  "french", "italian", "czech", "portuguese",
] as const;
export type SeedLanguage = (typeof SEED_LANGUAGES)[number];

interface WordlistModule {
  readonly wordlist: readonly string[];
}

/**
 * The ten lists, loaded here rather than by top-level imports: evaluating them (about 20,000 words
 * split out of string literals) costs a cold `pipelock check --url` several milliseconds it never
 * needs. `require` of a literal path is still bundled into the binary; it only runs on first use.
 */
function loadLists(): Readonly<Record<SeedLanguage, readonly string[]>> {
  const list = (m: WordlistModule) => m.wordlist;
  return {
    english: list(require("@scure/bip39/wordlists/english.js")),
    japanese: list(require("@scure/bip39/wordlists/japanese.js")),
    korean: list(require("@scure/bip39/wordlists/korean.js")),
    spanish: list(require("@scure/bip39/wordlists/spanish.js")),
    chinese_simplified: list(require("@scure/bip39/wordlists/simplified-chinese.js")),
    chinese_traditional: list(require("@scure/bip39/wordlists/traditional-chinese.js")),
    french: list(require("@scure/bip39/wordlists/french.js")),
    italian: list(require("@scure/bip39/wordlists/italian.js")),
    czech: list(require("@scure/bip39/wordlists/czech.js")),
    portuguese: list(require("@scure/bip39/wordlists/portuguese.js")),
  };
}

/** Latin-script lists whose words people often type without accents (`abaco` for `ábaco`). */
const ACCENT_FOLDED: ReadonlySet<SeedLanguage> = new Set(["spanish", "french", "italian", "czech", "portuguese"]);

const WORDS_PER_LIST = 2048;
const COMBINING_MARK = /\p{M}/gu;

/** Languages, i.e. stride of {@link Lexicon.indexes}. */
export const LANGUAGE_COUNT = SEED_LANGUAGES.length;

export interface Lexicon {
  /** Normalized word → id (ASCII words looked up from their characters and hash, without slicing). */
  readonly table: WordTable;
  /** Per id: bit i set when the word is in {@link SEED_LANGUAGES}[i]. */
  readonly masks: Uint16Array;
  /**
   * Per id and language, at `id * LANGUAGE_COUNT + language`: the word's index in that language's
   * list (only meaningful where the mask bit is set).
   */
  readonly indexes: Int16Array;
  /** Longest key in UTF-16 code units: longer tokens are skipped without a lookup. */
  readonly maxKeyLength: number;
}

/** The form tokens are looked up in: NFKC, lower case (the scanner normalizes text the same way). */
export function lexiconKey(word: string): string {
  return word.normalize("NFKC").toLowerCase();
}

function foldAccents(word: string): string {
  return word.normalize("NFKD").replace(COMBINING_MARK, "").normalize("NFKC").toLowerCase();
}

/** Most keys: every word of every list, plus an accent-folded alias for each in the folded lists. */
const MAX_KEYS = WORDS_PER_LIST * (SEED_LANGUAGES.length + ACCENT_FOLDED.size);

function buildLexicon(): Lexicon {
  const LISTS = loadLists();
  const ids = new Map<string, number>();
  const keys: string[] = [];
  const masks = new Uint16Array(MAX_KEYS);
  const indexes = new Int16Array(MAX_KEYS * LANGUAGE_COUNT);
  const add = (key: string, lang: number, index: number): void => {
    let id = ids.get(key);
    if (id === undefined) {
      id = keys.length;
      keys.push(key);
      ids.set(key, id);
    }
    const mask = masks[id]!;
    if ((mask & (1 << lang)) !== 0) return; // exact form wins over an accent-folded alias
    masks[id] = mask | (1 << lang);
    indexes[id * LANGUAGE_COUNT + lang] = index;
  };
  SEED_LANGUAGES.forEach((lang, bit) => {
    const list = LISTS[lang];
    if (list.length !== WORDS_PER_LIST) throw new Error(`BIP-39 ${lang} wordlist has ${list.length} words`);
    list.forEach((word, index) => add(lexiconKey(word), bit, index));
  });
  SEED_LANGUAGES.forEach((lang, bit) => {
    if (!ACCENT_FOLDED.has(lang)) return;
    LISTS[lang].forEach((word, index) => add(foldAccents(word), bit, index));
  });
  const maxKeyLength = keys.reduce((max, key) => Math.max(max, key.length), 0);
  return {
    table: buildWordTable(keys),
    masks: masks.slice(0, keys.length),
    indexes: indexes.slice(0, keys.length * LANGUAGE_COUNT),
    maxKeyLength,
  };
}

let cached: Lexicon | undefined;

/** The shared lexicon (built on first call; the wordlists are constants). */
export function seedLexicon(): Lexicon {
  cached ??= buildLexicon();
  return cached;
}
