import { describe, expect, test } from "bun:test";
import { LANGUAGE_COUNT, SEED_LANGUAGES, lexiconKey, seedLexicon } from "../../../../src/engine/scanners/crypto/wordlists.ts";

const FILES: Readonly<Record<string, string>> = {
  english: "english", japanese: "japanese", korean: "korean", spanish: "spanish", chinese_simplified: "simplified-chinese",
  chinese_traditional: "traditional-chinese", french: "french", italian: "italian", czech: "czech", portuguese: "portuguese",
};
const FOLDED = new Set(["spanish", "french", "italian", "czech", "portuguese"]);

/** The lexicon as a plain map (word → mask and index per language), built the obvious way. */
function referenceLexicon(): Map<string, { mask: number; index: number[] }> {
  const words = new Map<string, { mask: number; index: number[] }>();
  const lists = SEED_LANGUAGES.map((lang) => (require(`@scure/bip39/wordlists/${FILES[lang]}.js`) as { wordlist: string[] }).wordlist);
  const add = (key: string, lang: number, index: number) => {
    const entry = words.get(key) ?? { mask: 0, index: new Array<number>(LANGUAGE_COUNT).fill(0) };
    words.set(key, entry);
    if ((entry.mask & (1 << lang)) !== 0) return;
    entry.mask |= 1 << lang;
    entry.index[lang] = index;
  };
  lists.forEach((list, lang) => list.forEach((w, i) => add(lexiconKey(w), lang, i)));
  lists.forEach((list, lang) => {
    if (!FOLDED.has(SEED_LANGUAGES[lang]!)) return;
    list.forEach((w, i) => add(w.normalize("NFKD").replace(/\p{M}/gu, "").normalize("NFKC").toLowerCase(), lang, i));
  });
  return words;
}

describe("seedLexicon", () => {
  const lexicon = seedLexicon();
  const reference = referenceLexicon();

  test("holds exactly the reference words, each with the same languages and indexes", () => {
    expect(lexicon.table.size).toBe(reference.size);
    const wrong: string[] = [];
    for (const [key, entry] of reference) {
      const id = lexicon.table.idOf(key);
      if (id < 0 || lexicon.table.keyAt(id) !== key || lexicon.masks[id] !== entry.mask) {
        wrong.push(key);
        continue;
      }
      for (let lang = 0; lang < LANGUAGE_COUNT; lang++) {
        if ((entry.mask & (1 << lang)) !== 0 && lexicon.indexes[id * LANGUAGE_COUNT + lang] !== entry.index[lang]) wrong.push(`${key}@${lang}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test.each([
    ["abandon", "english", 0],
    ["zoo", "english", 2047],
    ["ábaco", "spanish", 0],
    ["abaco", "spanish", 0],
    ["あいこくしん", "japanese", 0],
  ])("%s is word %#: %s index %d", (word, language, index) => {
    const id = lexicon.table.idOf(word);
    const lang = SEED_LANGUAGES.indexOf(language as (typeof SEED_LANGUAGES)[number]);
    expect(id).toBeGreaterThanOrEqual(0);
    expect(lexicon.masks[id]! & (1 << lang)).not.toBe(0);
    expect(lexicon.indexes[id * LANGUAGE_COUNT + lang]).toBe(index);
  });

  test.each(["pipelock", "abandonn", "", "zo"])("%p is not a word", (word) => expect(lexicon.table.idOf(word)).toBe(-1));

  test("the longest key bounds every key", () => {
    let longest = 0;
    for (const key of reference.keys()) longest = Math.max(longest, key.length);
    expect(lexicon.maxKeyLength).toBe(longest);
  });
});
