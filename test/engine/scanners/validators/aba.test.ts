import { describe, expect, test } from "bun:test";
import { isValidAba } from "../../../../src/engine/scanners/validators/aba.ts";

describe("isValidAba", () => {
  const cases: ReadonlyArray<readonly [string, boolean, string]> = [
    ["021000021", true, "prefix 02"],
    ["111000614", true, "prefix 11"],
    ["322271614", true, "prefix 32"],
    ["061000159", true, "prefix 06"],
    ["800000006", true, "prefix 80 (traveler's cheques)"],
    ["0210-0002-1", true, "dashes ignored"],
    ["021000022", false, "checksum fails"],
    ["131000008", false, "prefix 13 is unassigned"],
    ["501000000", false, "prefix 50 is unassigned"],
    ["811000004", false, "prefix 81 is unassigned"],
    ["000000000", false, "all zeros"],
    ["02100002", false, "eight digits"],
    ["0210000210", false, "ten digits"],
    ["02100002a", false, "letter"],
    ["", false, "empty"],
  ];
  for (const [input, expected, why] of cases) {
    test(`${why}: ${JSON.stringify(input)} → ${expected}`, () => expect(isValidAba(input)).toBe(expected));
  }
});
