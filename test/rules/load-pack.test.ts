import { describe, expect, test } from "bun:test";
import { formatIssue } from "../../src/config/index.ts";
import { loadPackText } from "../../src/rules/index.ts";

const packWith = (rules: string, header = "name: t-pack\nversion: 1.0.0\n") => `${header}rules:\n${rules}`;
const goodRule = `  - id: t.token
    kind: dlp
    severity: high
    pattern: 'tkn_[a-z0-9]{10}'
    keywords: [tkn_]
    max_length: 20
    examples:
      match: ["x tkn_abcdefghij y"]
      no_match: ["tkn_short"]
`;
const errors = (text: string) => {
  const r = loadPackText(text, "p.yaml", "file");
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe("loadPackText()", () => {
  test("loads a valid pack, hashes its bytes and locates its rules", () => {
    const r = loadPackText(packWith(goodRule), "p.yaml", "file");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pack.rules.map((x) => x.id)).toEqual(["t.token"]);
    expect(r.pack.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.pack.ruleLines["t.token"]).toEqual({ line: 4, col: 9 });
  });

  test.each([
    ["bad YAML", "name: [unclosed\n", /p\.yaml:\d+:\d+: /],
    ["unknown top-level field", packWith(goodRule).replace("version: 1.0.0", "version: 1.0.0\nauthor: me"), /p\.yaml:3:1: unknown key "author"/],
    ["unknown rule field", packWith(goodRule.replace("severity: high", "severity: high\n    sevrity: low")), /unknown key "sevrity"/],
    ["bad severity", packWith(goodRule.replace("severity: high", "severity: huge")), /p\.yaml:6:15: .*severity/],
    ["backreference", packWith(goodRule.replace("'tkn_[a-z0-9]{10}'", "'(tkn_)\\1'")), /p\.yaml:7:14: .*backreferences are not RE2/],
    ["look-around", packWith(goodRule.replace("'tkn_[a-z0-9]{10}'", "'tkn_(?=x)'")), /look-around is not RE2/],
    ["missing no_match", packWith(goodRule.replace('      no_match: ["tkn_short"]\n', "")), /missing required key "no_match"/],
    ["empty match list", packWith(goodRule.replace('match: ["x tkn_abcdefghij y"]', "match: []")), /at least one match example/],
    ["no examples at all", packWith(goodRule.replace(/    examples:[\s\S]*$/, "")), /missing required key "examples"/],
    ["failing match example", packWith(goodRule.replace("x tkn_abcdefghij y", "nothing here")), /p\.yaml:11:15: rule "t\.token": examples\.match\[0\] is not matched/],
    ["failing no_match example", packWith(goodRule.replace('"tkn_short"', '"tkn_abcdefghij"')), /examples\.no_match\[0\] is matched/],
    ["duplicate id within a pack", packWith(goodRule + goodRule), /duplicate rule id "t\.token"/],
    ["engine version range not met", packWith(goodRule, "name: t-pack\nversion: 1.0.0\nrequires: '>=99.0.0'\n"), /requires engine >=99\.0\.0/],
    ["no rules", "name: t-pack\nversion: 1.0.0\nrules: []\n", /at least one rule/],
    ["bad version", packWith(goodRule, "name: t-pack\nversion: one\n"), /semantic version/],
  ])("rejects %s with file:line:col", (_name, text, expected) => {
    const errs = errors(text);
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.join("\n")).toMatch(expected);
  });

  test("rejects non-UTF-8 bytes", () => {
    const r = loadPackText(new Uint8Array([0x6e, 0x61, 0xff, 0xfe]), "p.yaml", "file");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toMatch(/UTF-8/);
  });

  test("rejects a billion-laughs alias bomb instead of expanding it", () => {
    const bomb = ["a: &a [x,x,x,x,x,x,x,x,x,x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join("\n");
    expect(errors(bomb).join("\n")).toMatch(/alias|Excessive/i);
  });
});
