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

describe("mayHoldEscapes (a quick gate: it may say yes where the decoders then find nothing, never no where they would)", () => {
  test.each([
    ["\\u0041", true],
    ["\\u{41}", true],
    ["\\x41", true],
    ["&#65;", true],
    ["&amp;", true],
    ["=41=4B=49", true],
    ["The quick brown fox.", false],
    ["a=1&b=2&c=3", false],
    ["C:\\data\\file", false],
    ["=41=4B", false],
  ])("%p → %p", (input, expected) => {
    expect(mayHoldEscapes(input)).toBe(expected);
  });

  test("never no where a decoder decodes: generated texts of escape fragments", () => {
    const pieces = ["\\u0041", "\\u{4B}", "\\x49", "&#65;", "&#x4b;", "&amp;", "&lt;", "=41", "=4b", "=\n", "=\r\n", "=", "&", "\\", ";", "#", "x", "1", "a", " ", "u", "{"];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let decodable = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = "";
      for (let k = 0, n = 1 + Math.floor(next() * 8); k < n; k++) text += pieces[Math.floor(next() * pieces.length)];
      const decodes = decodeCharEscapes(text) !== undefined || decodeQuotedPrintable(text) !== undefined;
      if (decodes) {
        decodable++;
        expect([text, mayHoldEscapes(text)]).toEqual([text, true]);
      }
    }
    expect(decodable).toBeGreaterThan(1000);
  });
});
