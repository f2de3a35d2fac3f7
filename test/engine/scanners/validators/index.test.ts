import { describe, expect, test } from "bun:test";
import { VALIDATORS } from "../../../../src/engine/types.ts";
import { VALIDATOR_FUNCTIONS } from "../../../../src/engine/scanners/validators/index.ts";

describe("VALIDATOR_FUNCTIONS", () => {
  test("every validator name has an implementation", () => {
    expect(Object.keys(VALIDATOR_FUNCTIONS).sort()).toEqual([...VALIDATORS].sort());
  });

  const hostile: readonly string[] = ["", " ", "\u0000", "\uD800", "💥".repeat(40), "9".repeat(10_000), "=".repeat(64), "..."];
  /** Shape validators pass anything that does not have the shape they reject; the rule's other gates judge the rest. */
  const SHAPE_VALIDATORS = new Set(["not_placeholder", "assignment_shape"]);
  for (const name of VALIDATORS) {
    if (SHAPE_VALIDATORS.has(name)) {
      test(`${name} never throws on junk and returns a boolean`, () => {
        for (const input of hostile) expect(typeof VALIDATOR_FUNCTIONS[name](input)).toBe("boolean");
      });
      continue;
    }
    test(`${name} never throws and rejects junk`, () => {
      for (const input of hostile) expect(VALIDATOR_FUNCTIONS[name](input)).toBe(false);
    });
  }
});
