import { describe, expect, test } from "bun:test";
import { isValidIban } from "../../../../src/engine/scanners/validators/iban.ts";

describe("isValidIban", () => {
  const cases: ReadonlyArray<readonly [string, boolean, string]> = [
    ["DE62370400440532013001", true, "Germany, 22"],
    ["DE62 3704 0044 0532 0130 01", true, "Germany, grouped"],
    ["de62370400440532013001", true, "lower case"],
    ["GB60LOYD30963312345678", true, "UK with bank letters"],
    ["FR8430006000011234567890142", true, "France, 27"],
    ["NO3986011117949", true, "Norway, shortest (15)"],
    ["NL51RABO0347112958", true, "Netherlands"],
    ["CH7804835098765432101", true, "Switzerland"],
    ["PL61-1090-1014-0000-0712-1981-2874", true, "Poland with dashes"],
    ["ES2121000418450200051331", true, "Spain"],
    ["DE63370400440532013001", false, "check digits wrong"],
    ["DE62370400440532013002", false, "one BBAN digit changed"],
    ["DE6237040044053201300", false, "Germany one short"],
    ["DE623704004405320130011", false, "Germany one long"],
    ["ZZ62370400440532013001", false, "unknown country"],
    ["US12345678901234567890", false, "US has no IBAN"],
    ["D162370400440532013001", false, "malformed country"],
    ["DEAB370400440532013001", false, "letters as check digits"],
    ["DE62-3704!0044", false, "punctuation"],
    ["", false, "empty"],
  ];
  for (const [input, expected, why] of cases) {
    test(`${why}: ${JSON.stringify(input)} → ${expected}`, () => expect(isValidIban(input)).toBe(expected));
  }
});
