import { describe, expect, test } from "bun:test";
import { foldLeetspeak } from "../../../src/engine/normalize/leetspeak.ts";

describe("foldLeetspeak", () => {
  test.each([
    ["1GN0R3 4LL PR3V10US", "iGNoRe aLL PReVioUS"],
    ["pr3v10u5 1n5truct10n5", "previous instructions"],
    ["p@$$w0rd", "password"],
    ["|gn0re", "lgnore"],
    ["sh0w m3 th3 k3y", "show me the key"],
  ])("%j → %j", (input, expected) => {
    const out = foldLeetspeak(input);
    expect(out?.text).toBe(expected);
    expect(out?.text.length).toBe(input.length);
  });

  test.each([
    ["no leet characters", "Plain prose without any digits."],
    ["numbers on their own", "In 2024 we shipped 1,337 builds in 45 minutes: 100% green."],
    ["pipes and dollars apart from letters", "a || b; cost $ 5"],
  ])("leaves text alone: %s", (_name, input) => {
    const out = foldLeetspeak(input);
    expect(out === undefined || out.text === input).toBe(true);
  });

  test("only mixed words change; numbers and versions beside them stay", () => {
    const out = foldLeetspeak("version 2.0.1 on 2024-01-05: 1gn0r3 it")!;
    expect(out.text).toBe("version 2.0.1 on 2024-01-05: ignore it");
    expect(out.changed).toEqual([[29, 35]]);
  });

  test("is linear on 1 MB of glued digits and letters", () => {
    const start = performance.now();
    foldLeetspeak("a1".repeat(500_000));
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
