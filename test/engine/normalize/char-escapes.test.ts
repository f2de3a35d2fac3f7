/**
 * @module The escape decoders DLP reads through: string escapes and character references
 * (decodeCharEscapes), quoted-printable runs (decodeQuotedPrintable), and the one-pass check in
 * front of both (mayHoldEscapes). Nothing to decode answers undefined.
 */
import { describe, expect, test } from "bun:test";
import { decodeCharEscapes, decodeQuotedPrintable, mayHoldEscapes } from "../../../src/engine/normalize/index.ts";

describe("decodeCharEscapes", () => {
  test.each([
    ["\\u0041KIA", "AKIA"],
    ["\\u{41}\\u{1F600}", "A\u{1F600}"],
    ["\\x41\\x4b", "AK"],
    ["&#65;&#x4B;&#X49;A", "AKIA"],
    ["a &amp; b &lt;c&gt;", "a & b <c>"],
    ["mixed \\u0041&#75;IA", "mixed AKIA"],
  ])("%p → %p", (input, out) => {
    expect(decodeCharEscapes(input)).toBe(out);
  });

  test.each(["plain text", "a=1&b=2", "C:\\users\\name", "\\u00", "\\xZZ", "&unknownname;"])("%p has nothing to decode", (input) => {
    expect(decodeCharEscapes(input)).toBeUndefined();
  });

  test("a code point past U+10FFFF stays as written", () => {
    expect(decodeCharEscapes("\\u{110000}x&#65;")).toBe("\\u{110000}xA");
  });
});

describe("decodeQuotedPrintable", () => {
  test("a run of escapes decodes; soft line breaks join", () => {
    expect(decodeQuotedPrintable("x =41=4B=49=41 y")).toBe("x AKIA y");
    expect(decodeQuotedPrintable("=41=4B=\r\n=49=41")).toBe("AKIA");
    expect(decodeQuotedPrintable("=61=6b=69")).toBe("aki");
  });

  test.each(["a=1F&b=2", "padding==", "x=3D y", "=41=4B only two", "no equals at all"])("%p is no quoted-printable", (input) => {
    expect(decodeQuotedPrintable(input)).toBeUndefined();
  });
});

describe("mayHoldEscapes", () => {
  test.each([
    ["\\u0041", true],
    ["\\u{41}", true],
    ["\\x41", true],
    ["&#65;", true],
    ["&amp;", true],
    ["=41=4B=49", true],
    ["The quick brown fox.", false],
    ["a=1&b=2&c=3", false],
    ["C:\\users\\x", false],
    ["=41=4B", false],
  ])("%p → %p", (input, expected) => {
    expect(mayHoldEscapes(input)).toBe(expected);
  });
});
