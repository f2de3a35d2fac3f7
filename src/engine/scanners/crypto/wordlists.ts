/**
 * @module The BIP-39 word lexicon: the ten official wordlists shipped by @scure/bip39 (bundled at
 * build time, nothing fetched), merged into one map from a normalized word to the languages that
 * contain it and its index in each. Loaded and built once per process on first use.
 */
import { buildAsciiWordTable, type AsciiWordTable } from "./ascii-word-table.ts";

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
const ASCII_WORD = /^[a-z]+$/;
const COMBINING_MARK = /\p{M}/gu;

export interface WordEntry {
  /** Bit i set: the word is in {@link SEED_LANGUAGES}[i]. */
  mask: number;
  /** Index of the word in each language's list (only meaningful where the mask bit is set). */
  readonly index: Int16Array;
}

export interface Lexicon {
  readonly words: ReadonlyMap<string, WordEntry>;
  /** The same entries for pure-ASCII keys, looked up without slicing. */
  readonly ascii: AsciiWordTable<WordEntry>;
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

function addWord(words: Map<string, WordEntry>, key: string, lang: number, index: number): void {
  let entry = words.get(key);
  if (entry === undefined) {
    entry = { mask: 0, index: new Int16Array(SEED_LANGUAGES.length) };
    words.set(key, entry);
  }
  if ((entry.mask & (1 << lang)) !== 0) return; // exact form wins over an accent-folded alias
  entry.mask |= 1 << lang;
  entry.index[lang] = index;
}

function buildLexicon(): Lexicon {
  const LISTS = loadLists();
  const words = new Map<string, WordEntry>();
  SEED_LANGUAGES.forEach((lang, bit) => {
    const list = LISTS[lang];
    if (list.length !== WORDS_PER_LIST) throw new Error(`BIP-39 ${lang} wordlist has ${list.length} words`);
    list.forEach((word, index) => addWord(words, lexiconKey(word), bit, index));
  });
  SEED_LANGUAGES.forEach((lang, bit) => {
    if (!ACCENT_FOLDED.has(lang)) return;
    LISTS[lang].forEach((word, index) => addWord(words, foldAccents(word), bit, index));
  });
  let maxKeyLength = 0;
  for (const key of words.keys()) maxKeyLength = Math.max(maxKeyLength, key.length);
  const ascii = buildAsciiWordTable([...words].filter(([key]) => ASCII_WORD.test(key)));
  return { words, ascii, maxKeyLength };
}

let cached: Lexicon | undefined;

/** The shared lexicon (built on first call; the wordlists are constants). */
export function seedLexicon(): Lexicon {
  cached ??= buildLexicon();
  return cached;
}
