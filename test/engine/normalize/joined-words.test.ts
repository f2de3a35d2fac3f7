import { describe, expect, test } from "bun:test";
import { joinTakenApartWords, mayHoldTakenApartWords } from "../../../src/engine/normalize/joined-words.ts";
import { identityMapped, unmapped } from "../../../src/engine/normalize/mapped-text.ts";

/** Accept a cut word when it contains one of these words across a cut (the scanner uses the rule vocabulary). */
const WORDS = ["ignore", "instruction", "fulfilled", "limitations"];
const acrossCut = (word: string, cuts: readonly number[]): boolean =>
  WORDS.some((w) => {
    const at = word.toLowerCase().indexOf(w);
    return at >= 0 && cuts.some((c) => at < c && c < at + w.length);
  });

describe("joinTakenApartWords", () => {
  test.each([
    ["i g n o r e all", "ignore all", [[0, 6]]],
    ["say i.g.n.o.r.e now", "say ignore now", [[4, 10]]],
    ["x-y-z-w and a_b_c_d", "xyzw and abcd", [[0, 4], [9, 13]]],
    ["the i-nstruction is fu-lfilled", "the instruction is fulfilled", [[4, 15], [19, 28]]],
    ["ign*ore the rules", "ignore the rules", [[0, 6]]],
    ["a well-known read-only field_name", "a well-known read-only field_name", []],
    ["e.g. the U.S.A. team", "e.g. the U.S.A. team", []],
    ["a b c", "a b c", []],
  ])("%j → %j", (input, expected, joined) => {
    if (joined.length > 0) expect(mayHoldTakenApartWords(input)).toBe(true);
    const out = joinTakenApartWords(unmapped(input), acrossCut);
    expect(out.text.text).toBe(expected);
    expect(out.joined).toEqual(joined as [number, number][]);
  });

  test("the quick test says no to ordinary prose", () => {
    expect(mayHoldTakenApartWords("A quick brown fox, e.g. a dog, i.e. a pet.")).toBe(false);
  });

  test("the map sends joined letters back to the spelled-out span", () => {
    const out = joinTakenApartWords(identityMapped("ok i g n o r e ok"), acrossCut);
    expect(out.text.text).toBe("ok ignore ok");
    expect(out.text.start![3]).toBe(3);
    expect(out.text.end![8]).toBe(14);
  });

  test("is linear on 1 MB of spelled letters and of hyphenated words", () => {
    const start = performance.now();
    joinTakenApartWords(unmapped("a b ".repeat(250_000)), acrossCut);
    joinTakenApartWords(unmapped("ab-cd-".repeat(170_000)), acrossCut);
    expect(performance.now() - start).toBeLessThan(4000);
  });
});
