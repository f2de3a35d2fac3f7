/**
 * @module scanPartsDlp: the parts of one subject (a URL's pieces) scanned in one pass, each finding
 * attributed to the part it lies in, the most specific (first) part winning.
 */
import { describe, expect, test } from "bun:test";
import { compileRule, compileRuleSet, type RuleDefinition } from "../../../../src/engine/index.ts";
import { scanPartsDlp, scanTextDlp } from "../../../../src/engine/scanners/dlp/scan-text-dlp.ts";
import { fakeChars } from "./fakes.ts";

const TOKEN = `zzt_${fakeChars(5, 24)}`;
const set = compileRuleSet([
  compileRule({ id: "t.token", kind: "dlp", severity: "high", pattern: "zzt_[A-Za-z0-9]{24}", keywords: ["zzt_"], max_length: 40 } as RuleDefinition, "test"),
  // Leading and trailing context taken from the text around the secret.
  compileRule({ id: "t.context", kind: "dlp", severity: "high", pattern: "(?:^|[^A-Za-z0-9])(?P<secret>qqk[0-9]{12})(?:[^0-9]|$)", keywords: ["qqk"], max_length: 40 } as RuleDefinition, "test"),
]);
const ids = (findings: readonly { rule_id: string; location?: string; encoding?: string }[]) => findings.map((f) => `${f.rule_id}@${f.location}/${f.encoding}`);

describe("scanPartsDlp", () => {
  test("a match is reported at the part it is in", () => {
    const found = scanPartsDlp(set, [{ text: "nothing", location: "a" }, { text: `x ${TOKEN} y`, location: "b" }, { text: "nothing either", location: "c" }], {});
    expect(ids(found)).toEqual(["t.token@b/plaintext"]);
  });

  test("the same secret in several parts is reported once, at the first", () => {
    const found = scanPartsDlp(set, [{ text: TOKEN, location: "specific" }, { text: `k=${TOKEN}`, location: "whole" }], {});
    expect(ids(found)).toEqual(["t.token@specific/plaintext"]);
  });

  test("context a pattern takes from the separator does not move the match to the part before", () => {
    const found = scanPartsDlp(set, [{ text: "/path", location: "a" }, { text: "qqk123456789012", location: "b" }, { text: "tail", location: "c" }], {});
    expect(ids(found)).toEqual(["t.context@b/plaintext"]);
  });

  test("an encoded secret is reported at the part holding the encoding", () => {
    const encoded = btoa(`token ${TOKEN} here`);
    const found = scanPartsDlp(set, [{ text: "plain words", location: "a" }, { text: encoded, location: "b" }], {});
    expect(ids(found)).toEqual(["t.token@b/base64"]);
  });

  test("an encoded run repeated in a later part is decoded once and reported at the first", () => {
    const encoded = btoa(`token ${TOKEN} here`);
    const found = scanPartsDlp(set, [{ text: encoded, location: "first" }, { text: `v=${encoded}&x=1`, location: "second" }], {});
    expect(ids(found)).toEqual(["t.token@first/base64"]);
  });

  test("empty and duplicate parts are skipped; no parts, no findings", () => {
    expect(scanPartsDlp(set, [], {})).toEqual([]);
    expect(scanPartsDlp(set, [{ text: "", location: "a" }], {})).toEqual([]);
    const found = scanPartsDlp(set, [{ text: TOKEN, location: "a" }, { text: TOKEN, location: "b" }], {});
    expect(ids(found)).toEqual(["t.token@a/plaintext"]);
  });

  test("one part is exactly scanTextDlp", () => {
    const text = `a ${TOKEN} and ${btoa(`x ${TOKEN.replace("zzt_", "zzt_")}`)}`;
    expect(scanPartsDlp(set, [{ text, location: "text" }], {})).toEqual(scanTextDlp(set, text, { location: "text" }));
  });
});
