import { describe, expect, test } from "bun:test";
import { CHUNK_CHARS, compileRule, compileRuleSet, matchRule, MAX_MATCHES_PER_RULE, type RuleDefinition } from "../../../src/engine/index.ts";

const rule = (over: Partial<RuleDefinition>) =>
  compileRule({ id: "t.rule", kind: "dlp", severity: "high", pattern: "x", ...over } as RuleDefinition, "test");

describe("compileRuleSet().findMatches()", () => {
  test("keyword prefilter finds matches case-insensitively, with absolute offsets", () => {
    const r = rule({ pattern: "tok_[a-z0-9]{8}", keywords: ["tok_"], max_length: 20 });
    const text = "aaa TOK_ABCD1234 bbb tok_zzzz9999";
    const ms = matchRule(r, text);
    expect(ms.map((m) => [m.start, m.text])).toEqual([[4, "TOK_ABCD1234"], [21, "tok_zzzz9999"]]);
  });

  test("a rule whose keyword is absent never reaches RE2", () => {
    const r = rule({ pattern: "[a-z]+", keywords: ["needle"], max_length: 10 });
    expect(matchRule(r, "plenty of words but no trigger")).toEqual([]);
  });

  test("overlapping keywords: a shorter keyword at the same position still triggers its rule", () => {
    const long = rule({ id: "t.long", pattern: "sk-ant-[a-z]{4}", keywords: ["sk-ant-"], max_length: 20 });
    const short = rule({ id: "t.short", pattern: "sk-[a-z]{3}-", keywords: ["sk-"], max_length: 20 });
    const set = compileRuleSet([long, short]);
    expect(set.findMatches("key sk-ant-abcd").map((m) => m.rule.id).sort()).toEqual(["t.long", "t.short"]);
  });

  test("digit_run trigger with validator keeps only checksum-valid numbers", () => {
    const r = rule({ pattern: "\\b(?:\\d[ -]?){12,18}\\d\\b", trigger: "digit_run", validate: "luhn", max_length: 40 });
    const ms = matchRule(r, "valid 4111 1111 1111 1111, invalid 4111 1111 1111 1112, order 20240101123456");
    expect(ms.map((m) => m.text)).toEqual(["4111 1111 1111 1111"]);
  });

  test("min_entropy gates on the secret group", () => {
    const r = rule({ pattern: "pw=(?P<secret>\\S{8,})", keywords: ["pw="], min_entropy: 3, max_length: 40 });
    expect(matchRule(r, "pw=aaaaaaaaaaaa").length).toBe(0);
    expect(matchRule(r, "pw=Xk9#mQ2$vL7p").length).toBe(1);
  });

  test("an always-run rule finds a match that straddles a chunk boundary", () => {
    const r = rule({ pattern: "boundary[0-9]{6}", max_length: 20 });
    const at = CHUNK_CHARS - 7;
    const text = "a".repeat(at) + "boundary123456" + "b".repeat(CHUNK_CHARS * 2);
    const ms = matchRule(r, text);
    expect(ms.map((m) => m.start)).toEqual([at]);
  });

  test("a keyword window covers a match that starts before the keyword", () => {
    const r = rule({ pattern: "[a-z]{3}_secret=[0-9]{4}", keywords: ["secret"], max_length: 30 });
    expect(matchRule(r, "xyz abc_secret=1234").map((m) => m.text)).toEqual(["abc_secret=1234"]);
  });

  test("matches per rule are capped", () => {
    const r = rule({ pattern: "k=[0-9]", keywords: ["k="], max_length: 5 });
    expect(matchRule(r, "k=1 ".repeat(500)).length).toBe(MAX_MATCHES_PER_RULE);
  });

  test("case_sensitive rules do not fold case", () => {
    const r = rule({ pattern: "DAN\\b", keywords: ["dan"], case_sensitive: true, max_length: 5 });
    expect(matchRule(r, "you are DAN now").length).toBe(1);
    expect(matchRule(r, "dan is a name").length).toBe(0);
  });

  test("a pattern that can match empty does not loop", () => {
    const r = rule({ pattern: "a*", keywords: ["zz"], max_length: 5 });
    expect(() => matchRule(r, "zz zz zz")).not.toThrow();
  });
});

describe("compileRule()", () => {
  test.each([
    ["backreference", "(a)\\1", /backreference/],
    ["look-ahead", "a(?=b)", /look-around/],
    ["look-behind", "(?<!a)b", /look-around/],
    ["possessive", "a++", /possessive/],
    ["unbalanced", "(abc", /not valid RE2/],
  ])("rejects %s with a clear message", (_name, pattern, why) => {
    expect(() => rule({ pattern })).toThrow(why);
  });

  test("needs a pattern or a tool_pattern", () => {
    expect(() => compileRule({ id: "t.none", kind: "dlp", severity: "low" }, "test")).toThrow(/needs a pattern/);
  });
});

describe("fallback rules", () => {
  const specific = rule({ id: "t.specific", pattern: "ghx_[a-z0-9]{8}", keywords: ["ghx_"], max_length: 20 });
  const generic = rule({ id: "t.generic", pattern: "token=\\S{8,}", keywords: ["token="], max_length: 40, fallback: true } as Partial<RuleDefinition>);
  const set = compileRuleSet([specific, generic]);

  test("a fallback match overlapping a specific match is dropped", () => {
    expect(set.findMatches("token=ghx_abcd1234").map((m) => m.rule.id)).toEqual(["t.specific"]);
  });

  test("a fallback match on its own is kept", () => {
    expect(set.findMatches("token=zz9Kq2LmX1").map((m) => m.rule.id)).toEqual(["t.generic"]);
  });
});
