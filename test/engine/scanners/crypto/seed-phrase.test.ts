import { describe, expect, test } from "bun:test";
import { entropyToMnemonic, validateMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as japanese } from "@scure/bip39/wordlists/japanese.js";
import { wordlist as korean } from "@scure/bip39/wordlists/korean.js";
import { wordlist as spanish } from "@scure/bip39/wordlists/spanish.js";
import { wordlist as chineseSimplified } from "@scure/bip39/wordlists/simplified-chinese.js";
import { wordlist as chineseTraditional } from "@scure/bip39/wordlists/traditional-chinese.js";
import { wordlist as french } from "@scure/bip39/wordlists/french.js";
import { wordlist as italian } from "@scure/bip39/wordlists/italian.js";
import { wordlist as czech } from "@scure/bip39/wordlists/czech.js";
import { wordlist as portuguese } from "@scure/bip39/wordlists/portuguese.js";
import { hasValidChecksum } from "../../../../src/engine/scanners/crypto/seed-checksum.ts";
import { compileSeedPhraseFinder, MAX_SEED_MATCHES, type SeedPhraseMatch } from "../../../../src/engine/scanners/crypto/seed-phrase.ts";
import { DEFAULT_SEED_PHRASE_SETTINGS, SEED_LENGTHS, type SeedPhraseSettings } from "../../../../src/engine/scanners/crypto/settings.ts";
import { normalizeText } from "../../../../src/engine/normalize/index.ts";
import { fakeBytes } from "./fixtures.ts";

const LISTS = {
  english, japanese, korean, spanish, chinese_simplified: chineseSimplified, chinese_traditional: chineseTraditional,
  french, italian, czech, portuguese,
} as const;

/** A valid mnemonic of `words` words made from fake entropy. */
function mnemonic(words: number, seed: number, list: readonly string[] = english): string {
  return entropyToMnemonic(fakeBytes((words * 4) / 3, seed), list as string[]);
}

/** Same words, last word replaced so that the checksum fails. */
function brokenChecksum(phrase: string, list: readonly string[] = english): string {
  const words = phrase.split(/[\s\u3000]+/);
  const last = list.indexOf(words[words.length - 1]!);
  for (let delta = 1; delta < 16; delta++) {
    words[words.length - 1] = list[(last + delta) % 2048]!;
    const candidate = words.join(" ");
    if (!validateMnemonic(candidate, list as string[])) return candidate;
  }
  throw new Error("could not break checksum");
}

function find(text: string, settings: Partial<SeedPhraseSettings> = {}): SeedPhraseMatch[] {
  return compileSeedPhraseFinder({ ...DEFAULT_SEED_PHRASE_SETTINGS, ...settings }).find(normalizeText(text));
}

describe("BIP-39 checksum", () => {
  for (const words of SEED_LENGTHS) {
    test(`${words}-word mnemonics from fake entropy validate; a changed last word does not`, () => {
      for (let seed = 1; seed <= 10; seed++) {
        const good = mnemonic(words, seed * 17 + words).split(" ").map((w) => english.indexOf(w));
        expect(hasValidChecksum(good, 0, words)).toBe(true);
        const bad = brokenChecksum(mnemonic(words, seed * 17 + words)).split(" ").map((w) => english.indexOf(w));
        expect(hasValidChecksum(bad, 0, words)).toBe(false);
      }
    });
  }
  test("refuses lengths that are not a multiple of 3 or out of bounds", () => {
    const idx = new Array(30).fill(0);
    expect(hasValidChecksum(idx, 0, 13)).toBe(false);
    expect(hasValidChecksum(idx, 0, 27)).toBe(false);
    expect(hasValidChecksum(idx, 20, 12)).toBe(false);
  });
});

describe("seed phrase detection per language", () => {
  for (const [language, list] of Object.entries(LISTS)) {
    for (const words of [12, 24] as const) {
      test(`${language} ${words} words`, () => {
        const phrase = mnemonic(words, words * 1000 + language.length, list);
        const found = find(phrase);
        expect(found.length).toBe(1);
        expect(found[0]!.words).toBe(words);
        expect(found.some((m) => m.language === language) || language.startsWith("chinese")).toBe(true);
      });
    }
  }
  test("Japanese phrases joined with the ideographic space", () => {
    const phrase = mnemonic(12, 5, japanese);
    expect(phrase.includes("\u3000")).toBe(true);
    expect(find(phrase)[0]?.language).toBe("japanese");
  });
  test("Korean in decomposed (NFKD) form as @scure/bip39 emits it", () => {
    const phrase = mnemonic(15, 6, korean).normalize("NFKD");
    expect(find(phrase)[0]?.words).toBe(15);
  });
  test("Spanish typed without accents", () => {
    const phrase = mnemonic(12, 8, spanish).normalize("NFKD").replace(/\p{M}/gu, "");
    expect(find(phrase)[0]?.language).toBe("spanish");
  });
  test("unspaced Chinese text is not split into words", () => {
    const phrase = mnemonic(12, 9, chineseSimplified).replace(/ /g, "");
    expect(find(phrase)).toEqual([]);
  });
});

describe("separators and formatting", () => {
  const phrase = mnemonic(12, 42);
  const words = phrase.split(" ");
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["commas", words.join(", ")],
    ["numbered list", words.map((w, i) => `${i + 1}. ${w}`).join(" ")],
    ["numbered lines", words.map((w, i) => `${i + 1}) ${w}`).join("\n")],
    ["line breaks", words.join("\n")],
    ["CRLF and tabs", words.join("\r\n\t")],
    ["dashes", words.join("-")],
    ["pipes", words.join(" | ")],
    ["JSON array", JSON.stringify(words)],
    ["upper case", phrase.toUpperCase()],
    ["title case", words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ")],
    ["trailing periods", words.map((w) => `${w}.`).join(" ")],
    ["plus-joined (form body)", words.join("+")],
    ["zero-width space inside a word", phrase.replace(words[3]!, `${words[3]!.slice(0, 2)}\u200B${words[3]!.slice(2)}`)],
    ["fullwidth letters", phrase.replace(words[0]!, [...words[0]!].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join(""))],
    ["in prose", `Here is my wallet backup, keep it safe: ${phrase}. Thanks!`],
  ];
  for (const [name, text] of cases) {
    test(name, () => {
      const found = find(text);
      expect(found.length).toBe(1);
      expect(found[0]!.words).toBe(12);
    });
  }
});

describe("what is not a seed phrase", () => {
  test("valid words with a broken checksum", () => expect(find(brokenChecksum(mnemonic(12, 77)))).toEqual([]));
  test("broken checksum is reported when verify_checksum is false", () => {
    expect(find(brokenChecksum(mnemonic(12, 77)), { verifyChecksum: false })[0]?.words).toBe(12);
  });
  test("11 words", () => expect(find(mnemonic(12, 3).split(" ").slice(0, 11).join(" "))).toEqual([]));
  test("a non-dictionary word in the middle breaks the run", () => {
    const w = mnemonic(12, 4).split(" ");
    w.splice(6, 0, "pipelock");
    expect(find(w.join(" "))).toEqual([]);
  });
  test("min_words 24 ignores a 12-word phrase", () => expect(find(mnemonic(12, 5), { minWords: 24 })).toEqual([]));
  test("min_words 24 still finds a 24-word phrase", () => expect(find(mnemonic(24, 5), { minWords: 24 })[0]?.words).toBe(24));
  test("disabled finds nothing", () => expect(find(mnemonic(12, 5), { enabled: false })).toEqual([]));
  test("ordinary English prose", () => {
    const prose = "The quick brown fox jumps over the lazy dog while the team reviews the pull request and merges it after lunch.";
    expect(find(prose.repeat(20))).toEqual([]);
  });
  test("empty text", () => expect(find("")).toEqual([]));
});

describe("match details", () => {
  test("offsets cover the phrase and firstWord is its first word", () => {
    const phrase = mnemonic(18, 11);
    const text = `seed: ${phrase} end`;
    const m = find(text)[0]!;
    expect(text.slice(m.start, m.end)).toBe(phrase);
    expect(m.firstWord).toBe(phrase.split(" ")[0]!);
  });
  test("two phrases in one text are both reported", () => {
    const text = `${mnemonic(12, 21)}\n---\n${mnemonic(24, 22)}`;
    expect(find(text).map((m) => m.words)).toEqual([12, 24]);
  });
});

/** Brute-force reference: slide over one run of English words, longest valid window first. */
function reference(words: string[], lengths: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let p = 0;
  while (p < words.length && out.length < MAX_SEED_MATCHES) {
    const hit = lengths.find((l) => p + l <= words.length && validateMnemonic(words.slice(p, p + l).join(" "), english as string[]));
    if (hit === undefined) p++;
    else {
      out.push([p, hit]);
      p += hit;
    }
  }
  return out;
}

describe("long runs of dictionary words (memoized path) match a brute-force reference", () => {
  for (const [name, size] of [["short run", 40], ["long run", 160]] as const) {
    test(name, () => {
      const bytes = fakeBytes(size * 2, size);
      const words = Array.from({ length: size }, (_, i) => english[((bytes[2 * i]! << 8) | bytes[2 * i + 1]!) & 0x7ff]!);
      const text = words.join(" ");
      const starts = new Map<number, number>();
      let offset = 0;
      words.forEach((w, i) => {
        starts.set(offset, i);
        offset += w.length + 1;
      });
      const got = find(text).map((m) => [starts.get(m.start)!, m.words] as [number, number]);
      const expected = reference(words, [24, 21, 18, 15, 12]);
      expect(expected.length).toBeGreaterThan(0); // random words do checksum by chance (1 in 16 to 256)
      expect(got).toEqual(expected);
    });
  }
  test("a repeated text re-uses checksum results and still finds the phrases", () => {
    const phrase = mnemonic(12, 99);
    const found = find(Array.from({ length: 10 }, () => phrase).join(" "));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.start).toBe(0);
  });
});
