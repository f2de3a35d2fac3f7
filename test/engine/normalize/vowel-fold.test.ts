import { describe, expect, test } from "bun:test";
import { foldVowels } from "../../../src/engine/normalize/vowel-fold.ts";

describe("foldVowels", () => {
  test.each([
    ["instroctions", "anstractaans"],
    ["instructions", "anstractaans"],
    ["IGNORE All", "AGNARA All"],
    ["rhythm", "rhythm"],
    ["naïve café 忽略 😀", "naïva café 忽略 😀"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(foldVowels(input)).toBe(expected);
    expect(foldVowels(input).length).toBe(input.length);
  });

  test("is linear on 1 MB", () => {
    const big = "aeiou xyz ".repeat(100_000);
    const start = performance.now();
    expect(foldVowels(big).length).toBe(big.length);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
