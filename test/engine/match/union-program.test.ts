/**
 * The union program behind RuleSet.mayMatch: named groups made plain without touching escaped
 * parentheses or character classes, each rule's own case handling kept, a "no" only when no rule's
 * pattern matches, and "can't say" (true) once the bounded cache of programs is full.
 */
import { describe, expect, test } from "bun:test";
import { compileRule, type RuleDefinition } from "../../../src/engine/match/compile-rule.ts";
import { createUnionPrograms, MAX_MEMO_TEXT_CHARS, MAX_MEMO_TEXTS, MAX_UNION_PROGRAMS, withoutGroupNames } from "../../../src/engine/match/union-program.ts";

const rule = (id: string, pattern: string, extra: Partial<RuleDefinition> = {}) => compileRule({ id, kind: "dlp", severity: "high", pattern, ...extra }, "test");

describe("withoutGroupNames", () => {
  test.each([
    ["(?P<secret>abc)", "(?:abc)"],
    ["(?<secret>abc)", "(?:abc)"],
    ["x(?P<a>1)(?P<b>2)", "x(?:1)(?:2)"],
    ["\\(?P<a>literal", "\\(?P<a>literal"],
    ["[(?P<a>]x", "[(?P<a>]x"],
    ["[]](?P<a>y)", "[]](?:y)"],
    ["[^]](?P<a>y)", "[^]](?:y)"],
    ["(?:plain)(?i)z", "(?:plain)(?i)z"],
  ])("%s → %s", (source, expected) => expect(withoutGroupNames(source)).toBe(expected));
});

describe("mayMatch", () => {
  const card = rule("card", "\\b(?P<secret>4\\d{15})\\b");
  const upper = rule("upper", "(?P<secret>ZZ\\d{2})", { case_sensitive: true });
  const lower = rule("lower", "key_(?P<secret>[a-z]{4})");

  test("false only when no rule's pattern matches", () => {
    const unions = createUnionPrograms();
    expect(unions.mayMatch("12345678901234567890123", [card, upper, lower])).toBe(false);
    expect(unions.mayMatch("x 4111111111111111 y", [card, upper, lower])).toBe(true);
    expect(unions.mayMatch("KEY_ABCD", [card, upper, lower])).toBe(true);
    expect(unions.mayMatch("zz12", [card, upper, lower])).toBe(false);
    expect(unions.mayMatch("ZZ12", [card, upper, lower])).toBe(true);
    expect(unions.mayMatch("anything", [])).toBe(false);
  });

  test("past the cache bound it cannot say, so it says maybe", () => {
    const unions = createUnionPrograms();
    const rules = Array.from({ length: MAX_UNION_PROGRAMS + 1 }, (_, i) => rule(`r${i}`, `never${i}x`));
    for (let i = 0; i < MAX_UNION_PROGRAMS; i++) expect(unions.mayMatch("text", [rules[i]!])).toBe(false);
    expect(unions.mayMatch("text", [rules[MAX_UNION_PROGRAMS]!])).toBe(true);
  });

  test("remembered answers stay right: repeated, past the memo bound, and for long texts", () => {
    const unions = createUnionPrograms();
    const rules = [card, upper, lower];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < MAX_MEMO_TEXTS + 10; i++) {
        const text = i % 7 === 0 ? `id ${i} card 4111111111111111` : `id ${i} nothing here ${"9".repeat(i % 40)}`;
        expect(unions.mayMatch(text, rules)).toBe(i % 7 === 0);
      }
    }
    const long = `${"x".repeat(MAX_MEMO_TEXT_CHARS)} KEY_ABCD`;
    expect(unions.mayMatch(long, rules)).toBe(true);
    expect(unions.mayMatch(long.replace("KEY_ABCD", "none"), rules)).toBe(false);
  });
});
