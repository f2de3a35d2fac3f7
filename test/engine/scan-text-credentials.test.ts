/**
 * @module Text subjects with `rules: "credentials"`: DLP without the number-shaped rules, for
 * machine text such as request headers outside the sensitive list.
 */
import { describe, expect, test } from "bun:test";
import { scan } from "../../src/engine/index.ts";
import { policyFrom } from "../helpers/policy.ts";

const policy = policyFrom("");
const KEY = "AKIAIOSFODNN7EXAMPLE";
/** 19 digits with a valid Luhn check digit, starting like a Visa number (a 64-bit trace id can). */
const CARD_LIKE = "4123456789012345677";
const hex = (s: string) => Buffer.from(s).toString("hex");
const ids = async (text: string, rules?: "all" | "credentials") => (await scan(policy, { kind: "text", text, ...(rules ? { rules } : {}) })).findings.map((f) => f.rule_id);

describe('scan() of a text subject with rules: "credentials"', () => {
  test("provider keys are found plain, encoded and spelled apart", async () => {
    expect(await ids(`X-Custom: ${KEY}`, "credentials")).toContain("dlp.aws_access_key_id");
    expect(await ids(`X-Custom: ${hex(KEY)}`, "credentials")).toContain("dlp.aws_access_key_id");
    expect(await ids(`X-Custom: ${[...KEY].join("-")}`, "credentials")).toContain("dlp.aws_access_key_id");
  });

  test("number-shaped rules are left out (a card-like trace id passes); tokens and assignments are not", async () => {
    expect(await ids(`X-Datadog-Trace-Id: ${CARD_LIKE}`)).toContain("dlp.credit_card_number");
    expect(await ids(`X-Datadog-Trace-Id: ${CARD_LIKE}`, "credentials")).toEqual([]);
    expect(await ids("X-Auth: Bearer Zx8kQ2mP9vL4nR7tW1yBc5D", "credentials")).toContain("dlp.bearer_token");
    expect(await ids("X-Note: api_key=Zx8kQ2mP9vL4nR7tW1yB", "credentials")).toContain("dlp.generic_api_key_assignment");
  });

  test("a text found clean without the number-shaped rules is not remembered as clean for all rules", async () => {
    const text = `X-Trace: ${CARD_LIKE}`;
    for (let i = 0; i < 3; i++) expect(await ids(text, "credentials")).toEqual([]);
    expect(await ids(text)).toContain("dlp.credit_card_number");
    expect(await ids(text, "all")).toContain("dlp.credit_card_number");
  });
});
