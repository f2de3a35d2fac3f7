/**
 * @module redactFindingTexts: secrets inside other scanners' finding texts are masked, every time;
 * short texts found clean are remembered per rule set and known-secrets list.
 */
import { describe, expect, test } from "bun:test";
import { redactFindingTexts } from "../../../src/engine/findings/index.ts";
import type { Finding } from "../../../src/engine/index.ts";
import { policyFrom } from "../../helpers/policy.ts";

const policy = policyFrom("");
const AWS = "AKIAQWERTYZ234567ABC";
const finding = (message: string, excerpt?: string): Finding => ({ scanner: "tool_policy", rule_id: "tp.x", severity: "high", action: "block", message, ...(excerpt !== undefined ? { excerpt } : {}) });

/** The policy's DLP rule set with its findMatches calls counted. */
function countingDlp() {
  const calls: string[] = [];
  const dlp = { ...policy.dlp, findMatches: (text: string, o?: Parameters<typeof policy.dlp.findMatches>[1]) => (calls.push(text), policy.dlp.findMatches(text, o)) };
  return { dlp, calls };
}

describe("redactFindingTexts", () => {
  test("a secret in a message or excerpt is masked on every call", () => {
    const { dlp, calls } = countingDlp();
    for (let i = 0; i < 3; i++) {
      const [out] = redactFindingTexts([finding(`curl -H "X-Key: ${AWS}"`, `key ${AWS}`)], dlp, policy.secrets);
      expect(out!.message).not.toContain(AWS);
      expect(out!.excerpt).not.toContain(AWS);
    }
    expect(calls.length).toBe(6);
  });

  test("a short clean text is scanned once per rule set and known-secrets list, then remembered", () => {
    const { dlp, calls } = countingDlp();
    const f = finding("Host pastebin.com is on the blocklist", "pastebin.com");
    for (let i = 0; i < 3; i++) expect(redactFindingTexts([f], dlp, policy.secrets)[0]).toBe(f);
    expect(calls).toEqual(["pastebin.com", "Host pastebin.com is on the blocklist"]);
    // Another known-secrets list (another policy) starts over: a value it knows is masked.
    const known = { mask: (t: string) => t.replaceAll("pastebin", "[known]") };
    expect(redactFindingTexts([f], dlp, known)[0]!.message).toBe("Host [known].com is on the blocklist");
    // Long texts are never remembered.
    const long = finding(`clean ${"word ".repeat(80)}`);
    redactFindingTexts([long], dlp, policy.secrets);
    redactFindingTexts([long], dlp, policy.secrets);
    expect(calls.filter((c) => c === long.message).length).toBe(2);
  });
});
