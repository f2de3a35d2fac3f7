import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { CANARY_TOKENS_DEFAULT, canaryTokensToSettings, CanaryTokensSection } from "../../../../src/config/sections/canary-tokens.ts";
import { canaryRuleId } from "../../../../src/engine/scanners/dlp/index.ts";

const parse = (input: unknown) => v.safeParse(CanaryTokensSection, input);

describe("canary_tokens config section", () => {
  test("defaults to disabled with no tokens", () => {
    const r = parse({});
    expect(r.success).toBe(true);
    expect(r.output).toEqual(CANARY_TOKENS_DEFAULT);
    expect(canaryTokensToSettings(r.output as typeof CANARY_TOKENS_DEFAULT)).toEqual([]);
  });

  test("enabled tokens map to engine settings", () => {
    const r = parse({ enabled: true, tokens: [{ name: "aws_canary", value: "AKIAFAKECANARY0001", env_var: "AWS_CANARY_KEY" }, { name: "doc", value: "doc-canary-77" }] });
    expect(r.success).toBe(true);
    expect(canaryTokensToSettings(r.output as typeof CANARY_TOKENS_DEFAULT)).toEqual([
      { name: "aws_canary", value: "AKIAFAKECANARY0001", envVar: "AWS_CANARY_KEY" },
      { name: "doc", value: "doc-canary-77" },
    ]);
  });

  test("disabled tokens are not watched", () => {
    const r = parse({ enabled: false, tokens: [{ name: "a", value: "abcdefgh1" }] });
    expect(canaryTokensToSettings(r.output as typeof CANARY_TOKENS_DEFAULT)).toEqual([]);
  });

  test.each([
    ["a short value", { tokens: [{ name: "a", value: "short" }] }],
    ["an empty name", { tokens: [{ name: " ", value: "abcdefgh1" }] }],
    ["duplicate names ignoring case", { tokens: [{ name: "Deploy", value: "abcdefgh1" }, { name: "deploy", value: "abcdefgh2" }] }],
    ["names equal as rule ids", { tokens: [{ name: "aws canary", value: "abcdefgh1" }, { name: "aws_canary", value: "abcdefgh2" }] }],
    ["duplicate values", { tokens: [{ name: "a", value: "abcdefgh1" }, { name: "b", value: "abcdefgh1" }] }],
    ["a bad env_var", { tokens: [{ name: "a", value: "abcdefgh1", env_var: "1-BAD" }] }],
    ["an unknown key", { tokens: [{ name: "a", value: "abcdefgh1", severity: "low" }] }],
  ])("rejects %s", (_, input) => {
    expect(parse(input).success).toBe(false);
  });

  test("rule ids are derived from names", () => {
    expect(canaryRuleId("AWS Canary-1")).toBe("dlp.canary.aws_canary_1");
  });
});
