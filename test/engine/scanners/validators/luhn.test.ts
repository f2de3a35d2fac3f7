import { describe, expect, test } from "bun:test";
import { isValidCard, luhnSum } from "../../../../src/engine/scanners/validators/luhn.ts";

describe("isValidCard", () => {
  const cases: ReadonlyArray<readonly [string, boolean, string]> = [
    ["4000123456789017", true, "Visa 16"],
    ["4000 1234 5678 9017", true, "Visa with spaces"],
    ["4000-1234-5678-9017", true, "Visa with dashes"],
    ["4916123456789012340", true, "Visa 19"],
    ["5200820012345672", true, "Mastercard 51-55"],
    ["2221000012345673", true, "Mastercard 2-series"],
    ["371234567890120", true, "Amex 15"],
    ["6011987654321019", true, "Discover 6011"],
    ["6500111122223339", true, "Discover 65"],
    ["3540123456789016", true, "JCB"],
    ["4000123456789018", false, "checksum off by one"],
    ["371234567890121", false, "Amex bad checksum"],
    ["5200820012345", false, "too short"],
    ["9000123456789012", false, "unknown issuer"],
    ["1234567890123452", false, "unknown issuer with valid Luhn"],
    ["37123456789012", false, "Amex wrong length"],
    ["4000a23456789017", false, "letter inside"],
    ["", false, "empty"],
  ];
  for (const [input, expected, why] of cases) {
    test(`${why}: ${JSON.stringify(input)} → ${expected}`, () => expect(isValidCard(input)).toBe(expected));
  }

  test("luhnSum is divisible by 10 exactly for valid numbers", () => {
    expect(luhnSum("79927398713") % 10).toBe(0);
    expect(luhnSum("79927398710") % 10).not.toBe(0);
  });
});
