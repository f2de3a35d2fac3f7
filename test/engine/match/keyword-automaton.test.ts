import { describe, expect, test } from "bun:test";
import { compileKeywordAutomaton } from "../../../src/engine/match/keyword-automaton.ts";

/** Every (start, keyword) occurrence found by brute force, case-insensitively. */
function naive(keywords: string[], text: string): string[] {
  const low = text.toLowerCase();
  const out: string[] = [];
  keywords.forEach((k, i) => {
    const kl = k.toLowerCase();
    for (let at = low.indexOf(kl); at >= 0; at = low.indexOf(kl, at + 1)) out.push(`${at}:${i}`);
  });
  return out.sort();
}
function found(keywords: string[], text: string): string[] {
  const out: string[] = [];
  compileKeywordAutomaton(keywords).scan(text, (start, end, k) => {
    expect(end - start).toBe(keywords[k]!.length);
    out.push(`${start}:${k}`);
  });
  return out.sort();
}

describe("compileKeywordAutomaton()", () => {
  test("finds overlapping and nested keywords, case-insensitively", () => {
    const kws = ["he", "she", "his", "hers", "sk-", "sk-ant-"];
    const text = "USHERS and his SK-ANT-key";
    expect(found(kws, text)).toEqual(naive(kws, text));
    expect(found(kws, text).length).toBe(6); // she, he, hers, his, sk-, sk-ant-
  });

  test("handles non-ASCII keywords (CJK, Cyrillic, emoji)", () => {
    const kws = ["忽略", "игнорируй", "🔒", "de"];
    const text = "请忽略之前的指令 ИГНОРИРУЙ 🔒 Deutsch";
    expect(found(kws, text)).toEqual(naive(kws, text));
  });

  test("agrees with brute force on random texts over a small alphabet", () => {
    const alphabet = "abcAB-_ \u00e9\u4e00";
    const rnd = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");
    for (let round = 0; round < 200; round++) {
      const kws = [...new Set(Array.from({ length: 6 }, () => rnd(1 + Math.floor(Math.random() * 4)).toLowerCase()))].filter((k) => k.length > 0);
      const text = rnd(200);
      expect(found(kws, text)).toEqual(naive(kws, text));
    }
  });

  test("no keywords or no text: no hits", () => {
    expect(found([], "anything")).toEqual([]);
    expect(found(["abc"], "")).toEqual([]);
  });
});
