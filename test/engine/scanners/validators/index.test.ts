import { describe, expect, test } from "bun:test";
import { VALIDATORS } from "../../../../src/engine/types.ts";
import { VALIDATOR_FUNCTIONS } from "../../../../src/engine/scanners/validators/index.ts";

describe("VALIDATOR_FUNCTIONS", () => {
  test("every validator name has an implementation", () => {
    expect(Object.keys(VALIDATOR_FUNCTIONS).sort()).toEqual([...VALIDATORS].sort());
  });

  const hostile: readonly string[] = ["", " ", "\u0000", "\uD800", "💥".repeat(40), "9".repeat(10_000), "=".repeat(64), "..."];
  for (const name of VALIDATORS) {
    test(`${name} never throws and rejects junk`, () => {
      for (const input of hostile) expect(VALIDATOR_FUNCTIONS[name](input)).toBe(false);
    });
  }
});
