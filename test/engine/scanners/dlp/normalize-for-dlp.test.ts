import { describe, expect, test } from "bun:test";
import { foldDlpConfusables, normalizeForDlp } from "../../../../src/engine/scanners/dlp/index.ts";

describe("normalizeForDlp", () => {
  test.each([
    ["zero-width space", "ab\u200bcd", "abcd"],
    ["word joiner and BOM", "ab\u2060c\ufeffd", "abcd"],
    ["NUL and other C0 controls", "ab\u0000c\u0007d", "abcd"],
    ["soft hyphen", "ab\u00adcd", "abcd"],
    ["tag characters", "ab\u{E0041}cd", "abcd"],
    ["NBSP", "ab\u00a0cd", "abcd"],
    ["en quad to hair space", "a\u2000b\u2005c\u200ad", "abcd"],
    ["ideographic space", "ab\u3000cd", "abcd"],
    ["narrow NBSP and math space", "a\u202fb\u205fc", "abc"],
    ["fullwidth letters and digits", "\uff21\uff2b\uff29\uff21\uff11", "AKIA1"],
    ["ligature", "\ufb01le", "file"],
    ["Cyrillic look-alikes", "\u0430pi_k\u0435y", "api_key"],
    ["Greek look-alikes", "\u0391\u039a\u0399\u0391", "AKIA"],
    ["Armenian look-alike", "\u0585verride", "override"],
    ["Cherokee capitals", "\u13aa\u13e6\u13a5", "AK\u13a5"],
    ["stroke letters", "\u0141\u00d8\u0110", "LOD"],
    ["small capitals", "\u1d00\u0299\u1d04", "abc"],
    ["negative squared letters", "\u{1F170}\u{1F17A}", "AK"],
    ["regional indicators", "\u{1F1E6}\u{1F1F0}", "AK"],
    ["combining marks", "A\u0306K\u0301I\u0308A", "AKIA"],
    ["accented Latin letters", "caf\u00e9 na\u00efve", "cafe naive"],
  ])("%s", (_, input, expected) => {
    expect(normalizeForDlp(input)).toBe(expected);
  });

  test("ASCII, tab, CR, LF and spaces pass through untouched (same string)", () => {
    const ascii = "key = value\tnext\r\nline two";
    expect(normalizeForDlp(ascii)).toBe(ascii);
  });

  test("genuine non-Latin text stays readable apart from look-alike letters", () => {
    expect(normalizeForDlp("日本語のテキスト")).toBe("日本語のテキスト");
  });

  test("foldDlpConfusables leaves text without look-alikes alone", () => {
    expect(foldDlpConfusables("plain ascii")).toBe("plain ascii");
  });
});
