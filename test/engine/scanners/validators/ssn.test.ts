import { describe, expect, test } from "bun:test";
import { isValidSsn } from "../../../../src/engine/scanners/validators/ssn.ts";

describe("isValidSsn", () => {
  const cases: ReadonlyArray<readonly [string, boolean, string]> = [
    ["536-22-8741", true, "dashed"],
    ["536228741", true, "bare"],
    ["536 22 8741", true, "spaced"],
    ["001-01-0001", true, "lowest valid parts"],
    ["899-99-9998", true, "area 899 is allowed"],
    ["000-22-8741", false, "area 000"],
    ["666-22-8741", false, "area 666"],
    ["900-22-8741", false, "area 900-999 (ITIN range)"],
    ["987-65-4321", false, "advertising range 987-65-432x"],
    ["536-00-8741", false, "group 00"],
    ["536-22-0000", false, "serial 0000"],
    ["078-05-1120", false, "the Woolworth wallet-card number"],
    ["219-09-9999", false, "Social Security pamphlet number"],
    ["123-45-6789", false, "placeholder sequence"],
    ["111-11-1111", false, "repeated digit placeholder"],
    ["536-22-874", false, "too short"],
    ["536-22-87411", false, "too long"],
    ["53a-22-8741", false, "letter"],
    ["", false, "empty"],
  ];
  for (const [input, expected, why] of cases) {
    test(`${why}: ${JSON.stringify(input)} → ${expected}`, () => expect(isValidSsn(input)).toBe(expected));
  }
});
