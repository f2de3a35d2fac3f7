import { describe, expect, test } from "bun:test";
import { passOverText, type PassLimits } from "../../../../src/engine/scanners/crypto/text-pass.ts";
import { seedLexicon } from "../../../../src/engine/scanners/crypto/wordlists.ts";

const limits: PassLimits = { minAlnum: 5, maxAlnum: 10, minEncoded: 8, maxEncoded: 40, maxEncodedRuns: 3 };
const lexicon = seedLexicon();

function words(text: string): string[] {
  const { hits } = passOverText(text, lexicon, limits);
  return Array.from({ length: hits.count }, (_, k) => `${hits.ordinal[k]}:${text.slice(hits.start[k], hits.end[k])}`);
}

describe("passOverText: words", () => {
  test("digits, punctuation and line breaks separate words; ordinals count every word", () => {
    expect(words("1. Zoo,\n2) apple-pipelock? zebra")).toEqual(["0:Zoo", "1:apple", "3:zebra"]);
  });
  test("non-ASCII letters stay inside a word", () => {
    expect(words("pequeño ábaco")).toEqual(["0:pequeño", "1:ábaco"]);
  });
  test("ideographic space separates Japanese words", () => {
    expect(words("あいこくしん\u3000あいさつ")).toEqual(["0:あいこくしん", "1:あいさつ"]);
  });
  test("no lexicon, no hits", () => expect(passOverText("zoo zoo", undefined, limits).hits.count).toBe(0));
});

describe("passOverText: runs", () => {
  test("alphanumeric runs within the limits", () => {
    const text = "ab12 abc123 abcdefghijk x9y8z7w6";
    expect(passOverText(text, undefined, limits).alnum.map((r) => text.slice(r.start, r.end))).toEqual(["abc123", "x9y8z7w6"]);
  });
  test("encoded runs take up to two '=' and know when they are hex", () => {
    const text = "a+b/c_d-ef== 0123456789abcdef ZZZZZZZZZZ=== short";
    const runs = passOverText(text, undefined, limits).encoded;
    expect(runs.map((r) => [text.slice(r.start, r.end), r.hex])).toEqual([
      ["a+b/c_d-ef==", false],
      ["0123456789abcdef", true],
      ["ZZZZZZZZZZ==", false],
    ]);
  });
  test("encoded runs are capped", () => {
    expect(passOverText("aaaaaaaaaa ".repeat(10), undefined, limits).encoded.length).toBe(3);
  });
  test("a run at the very end of the text is closed", () => {
    expect(passOverText("xx abcdef", undefined, limits).alnum).toEqual([{ start: 3, end: 9 }]);
  });
});
