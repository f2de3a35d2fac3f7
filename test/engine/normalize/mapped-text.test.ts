import { describe, expect, test } from "bun:test";
import { normalizeForInjection, normalizeForInjectionMapped } from "../../../src/engine/normalize/for-injection.ts";
import { identityMapped, nfkcMapped, replaceMapped, spanOf, unmapped } from "../../../src/engine/normalize/mapped-text.ts";

/** Characters that exercise every normalization step. */
const ALPHABET = [
  "a", "e", "i", "o", "Z", " ", " ", "\n", "\r", "\t", ".", "\\", "n", "t",
  "\u200B", "\u00AD", "\u202E", "\uFEFF", "\u000B", "\u0085", "\u2028",
  "ｉ", "Ａ", "ﬁ", "①", "\u00A0", "\u3000", "\u2003",
  "е", "о", "і", "α", "ο", "ɪ",
  "\u0301", "\u0336", "\u0308", "é", "e\u0301",
  "한", "\u1100", "\u1161", "\u11A8", "忽", "😀", "\u{1D422}",
  "\u{E0069}", "\u{E0067}", "\u{E0020}",
];
let seed = 7;
const rnd = (n: number): number => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed % n;
};
const randomText = (len: number): string => Array.from({ length: len }, () => ALPHABET[rnd(ALPHABET.length)]).join("");

describe("mapped normalization", () => {
  test("gives exactly the unmapped text, on random nasty input", () => {
    for (let round = 0; round < 400; round++) {
      const text = randomText(1 + rnd(60));
      expect(normalizeForInjectionMapped(identityMapped(text)).text).toBe(normalizeForInjection(text));
    }
  });

  test("nfkcMapped equals whole-string NFKC, mapped or not", () => {
    for (let round = 0; round < 400; round++) {
      const text = randomText(1 + rnd(40));
      expect(nfkcMapped(identityMapped(text)).text).toBe(text.normalize("NFKC"));
      expect(nfkcMapped(unmapped(text)).text).toBe(text.normalize("NFKC"));
    }
  });

  test("every output unit maps inside the input, spans in order", () => {
    for (let round = 0; round < 200; round++) {
      const text = randomText(1 + rnd(60));
      const m = normalizeForInjectionMapped(identityMapped(text));
      for (let i = 0; i < m.text.length; i++) {
        expect(m.start![i]!).toBeGreaterThanOrEqual(0);
        expect(m.end![i]!).toBeLessThanOrEqual(text.length);
        expect(m.start![i]!).toBeLessThan(m.end![i]!);
      }
    }
  });

  // [case, input, normalized substring, the input span it must come from]
  const spans: ReadonlyArray<readonly [string, string, string, string]> = [
    ["zero-width removed inside", "xx ig\u200Bnore yy", "ignore", "ig\u200Bnore"],
    ["fullwidth word", "xx ｉｇｎｏｒｅ yy", "ignore", "ｉｇｎｏｒｅ"],
    ["collapsed spaces", "a  \t b", "a b", "a  \t b"],
    ["escaped line break", "one\\ntwo", "one\ntwo", "one\\ntwo"],
    ["Cyrillic look-alike", "say іgnore", "ignore", "іgnore"],
  ];
  test.each(spans)("span of %s", (_name, input, needle, source) => {
    const m = normalizeForInjectionMapped(identityMapped(input));
    const at = m.text.indexOf(needle);
    expect(at).toBeGreaterThanOrEqual(0);
    const span = spanOf(m, at, at + needle.length);
    expect(input.slice(span.start, span.end)).toBe(source);
  });

  test("replaceMapped without a map is a plain replace", () => {
    expect(replaceMapped(unmapped("a--b--c"), /--/g, () => "+")).toEqual({ text: "a+b+c" });
  });

  test("an empty range maps to the boundary", () => {
    const m = identityMapped("abc");
    expect(spanOf(m, 1, 1)).toEqual({ start: 1, end: 1 });
    expect(spanOf(m, 0, 0)).toEqual({ start: 0, end: 0 });
  });
});
