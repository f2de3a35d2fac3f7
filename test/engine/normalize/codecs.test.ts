/** @module The shared codecs: base64 alphabets, the encoded-run pass and delimited hex with spans, text judgement. */
import { describe, expect, test } from "bun:test";
import { controlCharCount, decodeBase64, findDelimitedHex, findEncodedRuns, isUtf8, utf8Text } from "../../../src/engine/normalize/codecs/index.ts";

const ascii = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

describe("decodeBase64 alphabets", () => {
  test.each([
    ["standard", "Pz8/Pj4+", "base64", "???>>>"],
    ["url-safe", "Pz8_Pj4-", "base64url", "???>>>"],
    ["url-safe (boolean)", "Pz8_Pj4-", true, "???>>>"],
    ["mixed", "Pz8_Pj4+", "mixed", "???>>>"],
    ["mixed, unpadded", "aGVsbG8gd29ybGQ", "mixed", "hello world"],
  ] as const)("%s", (_, input, alphabet, expected) => expect(ascii(decodeBase64(input, alphabet))).toBe(expected));

  test("the wrong alphabet is refused", () => {
    expect(decodeBase64("Pz8_Pj4-", "base64")).toBeUndefined();
    expect(decodeBase64("Pz8/Pj4+", "base64url")).toBeUndefined();
  });
});

describe("findEncodedRuns", () => {
  const runs = (text: string, options = {}) => {
    const out: string[] = [];
    findEncodedRuns(text, (s, e) => out.push(text.slice(s, e)), options);
    return out;
  };

  test("maximal alphabet runs with their padding, in order; short runs and prose skipped", () => {
    expect(runs("a aGVsbG8gd29ybGQgYWdhaW4= then 0123456789abcdef0123 and short QUJD")).toEqual(["aGVsbG8gd29ybGQgYWdhaW4=", "0123456789abcdef0123"]);
  });

  test("padding is capped and minimum length honoured", () => {
    expect(runs("MFRGGZDFMZTWQ2LK=========", { maxPadding: 2 })).toEqual(["MFRGGZDFMZTWQ2LK=="]);
    expect(runs("abcdefgh", { minLength: 8 })).toEqual(["abcdefgh"]);
  });

  test("stop() ends the pass", () => {
    let n = 0;
    findEncodedRuns("aaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbb cccccccccccccccc", () => n++, { stop: () => n >= 2 });
    expect(n).toBe(2);
  });
});

describe("findDelimitedHex", () => {
  test.each(["41:42:43:44:45:46:47:48", "\\x41\\x42\\x43\\x44\\x45\\x46\\x47\\x48", "0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48", "41 42 43 44 45 46 47 48"])("%s decodes with its span", (hex) => {
    const text = `value: (${hex}) ok`;
    const found: [string, string][] = [];
    findDelimitedHex(text, (bytes, s, e) => found.push([ascii(bytes)!, text.slice(s, e)]));
    expect(found).toEqual([["ABCDEFGH", hex]]);
  });

  test("plain hex is left to the run pass", () => {
    const found: Uint8Array[] = [];
    findDelimitedHex("4142434445464748494a4b4c", (b) => found.push(b));
    expect(found).toEqual([]);
  });
});

describe("text judgement", () => {
  test("UTF-8 validity, with a cut tail allowed only on request", () => {
    const euro = new Uint8Array([0x41, 0xe2, 0x82, 0xac]);
    expect(utf8Text(euro)).toBe("A€");
    expect(isUtf8(euro.subarray(0, 3))).toBe(false);
    expect(isUtf8(euro.subarray(0, 3), true)).toBe(true);
    expect(isUtf8(new Uint8Array([0x41, 0xc0, 0x80]), true)).toBe(false);
    expect(utf8Text(new Uint8Array([0xff, 0x41]))).toBeUndefined();
  });

  test("control characters other than tab, LF and CR are counted", () => {
    expect(controlCharCount("a\tb\nc\r\u0000\u0007\u007f")).toBe(3);
  });
});
