import { describe, expect, test } from "bun:test";
import { compileRe2 } from "../../../../src/engine/match/index.ts";
import { classItems, tokenizePattern } from "../../../../src/engine/scanners/injection/pattern-tokens.ts";
import { optionalSeparatorVariant, vowelFoldedVariant } from "../../../../src/engine/scanners/injection/pattern-variants.ts";
import { injectionPack } from "./builtin-scanner.ts";

describe("tokenizePattern", () => {
  test.each([
    ["(?i)\\bignore\\s+(?:all|any)[\\s\\-_.]*previous\\b"],
    ["[^\\n]{0,80}\\p{Han}+\\x{1F600}\\x41(?P<secret>[a-z]+)"],
    ["a{2,5}?b*?c+?d??[]a][^]b][[:alpha:]x]"],
    ["^\\s*system\\s*:$|\\Q.*\\E"],
  ])("round-trips %s", (source) => {
    expect(tokenizePattern(source).map((t) => t.text).join("")).toBe(source);
  });

  test("every built-in pattern round-trips", () => {
    for (const rule of injectionPack.spec.rules) {
      const source = rule.pattern!;
      expect(tokenizePattern(source).map((t) => t.text).join("")).toBe(source);
    }
  });

  test("classItems splits ranges, escapes and named classes", () => {
    expect(classItems("[a-z\\s_.[:digit:]-]")).toEqual({ negated: false, items: ["a-z", "\\s", "_", ".", "[:digit:]", "-"] });
    expect(classItems("[^e]").negated).toBe(true);
  });
});

describe("optionalSeparatorVariant", () => {
  test.each([
    ["ignore\\s+all", "ignore\\s*all"],
    ["ignore all", "ignore ?all"],
    ["ignore[\\s\\-_.]+all", "ignore[\\s\\-_.]*all"],
    ["a\\s{1,3}b", "a\\s{0,3}b"],
    ["a\\s{2}b", "a\\s{0,2}b"],
    ["a\\s+?b", "a\\s*?b"],
    ["\\bignore\\b\\s+\\ball\\b", "\\bignore\\s*all\\b"],
    ["\\b(?:you)\\s+(?:are)\\b", "\\b(?:you)\\s*(?:are)\\b"],
    ["(?:x\\s+){0,3}\\bprevious", "(?:x\\s*){0,3}previous"],
  ])("%s → %s", (source, expected) => {
    expect(optionalSeparatorVariant(source)).toBe(expected);
  });

  test.each([["[^\\s]+x"], ["a[\\s\\S]+b"], ["(?:^|\\n)system:"], ["abc"], ["[a-z\\s]+"]])("leaves %s alone", (source) => {
    expect(optionalSeparatorVariant(source)).toBeUndefined();
  });
});

describe("vowelFoldedVariant", () => {
  test.each([
    ["ignore", "agnara"],
    ["(?i)instructions?", "(?i)anstractaans?"],
    ["[aeiou]x", "[aaaaa]x"],
    ["[e-z]", "[e-za]"],
    ["[A-Z]", "[A-ZA]"],
    ["[^e]o", "[^e]a"],
    ["\\x65(?P<secret>u)", "\\x65(?P<secret>a)"],
    ["\\p{Hiragana}+o", "\\p{Hiragana}+a"],
  ])("%s → %s", (source, expected) => {
    expect(vowelFoldedVariant(source)).toBe(expected);
  });

  test("no vowel literal: no variant", () => {
    expect(vowelFoldedVariant("[0-9]+\\s*\\d")).toBeUndefined();
  });
});

describe("the built-in pack's variants", () => {
  test("all compile in RE2 and keep case sensitivity", () => {
    for (const rule of injectionPack.spec.rules) {
      for (const variant of [optionalSeparatorVariant(rule.pattern!), vowelFoldedVariant(rule.pattern!)]) {
        if (variant === undefined) continue;
        expect(() => compileRe2(variant, { caseSensitive: rule.case_sensitive === true, global: true })).not.toThrow();
      }
    }
  });
});
