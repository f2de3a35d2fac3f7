import { describe, expect, test } from "bun:test";
import { buildWordTable, hashOf, HASH_START, hashStep, lowerAscii } from "../../../../src/engine/scanners/crypto/word-table.ts";

const keys = ["apple", "apply", "zebra", "ábaco", "あいさつ", "a"];
const table = buildWordTable(keys);

/** The hash the tokenizer computes while reading `text[start..end)`. */
function readHash(text: string, start: number, end: number): number {
  let h = HASH_START;
  for (let i = start; i < end; i++) h = hashStep(h, lowerAscii(text.charCodeAt(i)));
  return h;
}

describe("buildWordTable", () => {
  test("ids are positions in the key list, and keys come back whole", () => {
    keys.forEach((key, id) => {
      expect(table.idOf(key)).toBe(id);
      expect(table.keyAt(id)).toBe(key);
    });
    expect(table.size).toBe(keys.length);
  });

  test.each([
    ["an APPLE a day", 3, 8, 0],
    ["Zebra", 0, 5, 2],
    ["applY!", 0, 5, 1],
    ["apples", 0, 6, -1],
    ["appl", 0, 4, -1],
  ])("find in %p [%d, %d) → %d (ASCII letters fold case, length must match)", (text, start, end, id) => {
    expect(table.find(text, start, end, readHash(text, start, end))).toBe(id);
  });

  test("a hash collision is never a hit: the characters are compared", () => {
    expect(table.find("zzzzz", 0, 5, hashOf("apple"))).toBe(-1);
  });

  test("non-ASCII keys are found from their lower-cased form", () => {
    const lowered = "ÁBACO".toLowerCase();
    expect(table.find(lowered, 0, lowered.length, hashOf(lowered))).toBe(3);
    expect(table.idOf("あいさつ")).toBe(4);
  });

  test("an empty table finds nothing", () => {
    expect(buildWordTable([]).idOf("apple")).toBe(-1);
  });
});
