/**
 * Short texts found clean are remembered per policy; a text with a finding never is (so no detected
 * secret is kept, and it is scanned and denied every time); policies never share; bounds hold.
 */
import { describe, expect, test } from "bun:test";
import { scan } from "../../src/engine/index.ts";
import { knownCleanText, MAX_MEMO_TEXT_CHARS, MAX_MEMO_TEXTS, rememberCleanText } from "../../src/engine/clean-text-memo.ts";
import { policyFrom } from "../helpers/policy.ts";

const AWS_ID = ["AKIA", "Q3VZ7TRX", "M2PLSWKD"].join("");

describe("clean short texts remembered per policy", () => {
  test("a clean text is remembered and stays clean; a text with a secret is never remembered and is denied every time", async () => {
    const policy = policyFrom();
    const clean = "user-agent: curl/8.5.0\naccept: */*";
    expect((await scan(policy, { kind: "text", text: clean })).decision).toBe("allow");
    expect(knownCleanText(policy, clean)).toBe(true);
    expect((await scan(policy, { kind: "text", text: clean })).decision).toBe("allow");
    const dirty = `x-api-key: ${AWS_ID}`;
    for (let i = 0; i < 3; i++) {
      const v = await scan(policy, { kind: "text", text: dirty });
      expect(v.decision).toBe("deny");
      expect(knownCleanText(policy, dirty)).toBe(false);
    }
  });

  test("policies never share, long texts are not kept, and the set is bounded", () => {
    const one = policyFrom();
    const two = policyFrom();
    rememberCleanText(one, "same text");
    expect(knownCleanText(one, "same text")).toBe(true);
    expect(knownCleanText(two, "same text")).toBe(false);
    const long = "a".repeat(MAX_MEMO_TEXT_CHARS + 1);
    rememberCleanText(one, long);
    expect(knownCleanText(one, long)).toBe(false);
    for (let i = 0; i < MAX_MEMO_TEXTS; i++) rememberCleanText(one, `t${i}`);
    expect(knownCleanText(one, "same text")).toBe(false); // started over when full
    expect(knownCleanText(one, `t${MAX_MEMO_TEXTS - 1}`)).toBe(true);
  });
});
