import { describe, expect, test } from "bun:test";
import { injectionPack, scanText } from "./builtin-scanner.ts";

/**
 * The pack's examples are checked against pass 1 when the pack loads. The full scanner matches
 * more (glued words, leetspeak, folded vowels, decoded payloads): none of that may turn a
 * `no_match` example into a finding, and every `match` example must still be found.
 */
describe("the built-in pack's examples through all six passes", () => {
  const rules = injectionPack.spec.rules;
  test.each(rules.map((r) => [r.id, r] as const))("%s", (_id, rule) => {
    for (const example of rule.examples.match) expect(scanText(example).length).toBeGreaterThan(0);
    for (const example of rule.examples.no_match) {
      const found = scanText(example);
      expect(found.map((f) => `${f.rule_id} ${f.location}`)).toEqual([]);
    }
  });
});
