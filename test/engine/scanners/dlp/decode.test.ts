import { describe, expect, test } from "bun:test";
import { decodeLayers, DECODED_CHARS_PER_INPUT_CHAR } from "../../../../src/engine/scanners/dlp/decode/index.ts";
import {
  decodeBase32,
  decodeBase64,
  decodeDelimitedHex,
  decodeDelimitedHexRuns,
  decodeHex,
  encodeBase32,
  findRuns,
  isUtf8,
  textsFromBytes,
  TOKEN_CLASS,
} from "../../../../src/engine/normalize/codecs/index.ts";
import { b64, fakeChars, hex, utf8 } from "./fakes.ts";

const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

describe("codecs", () => {
  test.each([
    ["padded", "aGVsbG8gd29ybGQ=", false, "hello world"],
    ["unpadded", "aGVsbG8gd29ybGQ", false, "hello world"],
    ["url alphabet", "Pz8_Pj4-", true, "???>>>"],
  ])("base64 %s", (_, input, url, expected) => expect(text(decodeBase64(input, url))).toBe(expected));

  test.each([["bad length", "aGVsb"], ["bad character", "aGV*bG8="]])("base64 rejects %s", (_, input) => {
    expect(decodeBase64(input, false)).toBeUndefined();
  });

  test("hex: any case, odd length and non-hex rejected", () => {
    expect(text(decodeHex("48656C6c6f"))).toBe("Hello");
    expect(decodeHex("486")).toBeUndefined();
    expect(decodeHex("48zz")).toBeUndefined();
  });

  test.each(["48:65:6c:6c:6f", "48-65-6C-6C-6F", "48 65 6c 6c 6f", "48,65,6c,6c,6f", "48, 65, 6c, 6c, 6f", "\\x48\\x65\\x6c\\x6c\\x6f", "0x48 0x65 0x6c 0x6c 0x6f", "0X480X650X6C0X6C0X6F"])(
    "delimited hex %s",
    (input) => expect(text(decodeDelimitedHex(input))).toBe("Hello"),
  );

  test("delimited hex runs inside text: every delimiter and prefix, nothing from plain hex or short runs", () => {
    const found: string[] = [];
    const t = `a 48:65:6c:6c:6f:2c:20:77 b 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x2c, 0x20, 0x57 c \\x48\\x65\\x6c\\x6c\\x6f\\x2c\\x20\\x58 d 48656c6c6f2c2077 e 48:65:6c`;
    decodeDelimitedHexRuns(t, 0, t.length, (b) => found.push(new TextDecoder().decode(b)));
    expect(found).toEqual(["Hello, w", "Hello, W", "Hello, X"]);
  });

  test("base32 round trip, padded and unpadded, either case; bad lengths rejected", () => {
    for (const s of ["f", "fo", "foo", "foob", "fooba", "foobar", fakeChars(4, 37)]) {
      const enc = encodeBase32(utf8(s));
      expect(text(decodeBase32(enc))).toBe(s);
      expect(text(decodeBase32(enc.toLowerCase()))).toBe(s);
      expect(text(decodeBase32(`${enc}${"=".repeat((8 - (enc.length % 8)) % 8)}`))).toBe(s);
    }
    expect(encodeBase32(utf8("foobar"))).toBe("MZXW6YTBOI");
    expect(decodeBase32("MZXW6YTBO")).toBeUndefined();
    expect(decodeBase32("MZXW6YT1")).toBeUndefined();
  });
});

describe("textsFromBytes", () => {
  test("printable UTF-8 is kept whole", () => {
    expect(textsFromBytes(utf8("grüße aus köln, 2024"))).toEqual(["grüße aus köln, 2024"]);
  });

  test("binary bytes give up only their long printable stretches", () => {
    const bytes = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, ...utf8("a printable stretch inside"), 0xff, 0x00, ...utf8("short"), 0x90]);
    expect(textsFromBytes(bytes)).toEqual(["a printable stretch inside"]);
  });

  test("random bytes give nothing", () => {
    const bytes = new Uint8Array(256).map((_, i) => (i * 151 + 7) % 256);
    expect(textsFromBytes(bytes)).toEqual([]);
  });

  test("isUtf8 rejects overlong forms, surrogates and truncation", () => {
    expect(isUtf8(utf8("ok ✓ 😀"))).toBe(true);
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf5, 0x80, 0x80, 0x80], [0x80]]) {
      expect(isUtf8(new Uint8Array(bad))).toBe(false);
    }
  });
});

describe("findRuns", () => {
  test("reports every maximal run at least the minimum long, nothing else", () => {
    const runs: string[] = [];
    const t = `short words only, then ${"x".repeat(16)} and ${"y".repeat(15)} and "${"z".repeat(40)}"`;
    findRuns(t, TOKEN_CLASS, 16, (s, e) => runs.push(t.slice(s, e)));
    expect(runs).toEqual(["x".repeat(16), "z".repeat(40)]);
  });

  test("agrees with a regex on random text", () => {
    const alphabet = "ab \"c";
    for (let seed = 1; seed < 40; seed++) {
      const t = fakeChars(seed, 500, alphabet);
      const runs: string[] = [];
      findRuns(t, TOKEN_CLASS, 6, (s, e) => runs.push(t.slice(s, e)));
      expect(runs).toEqual(t.match(/[abc]{6,}/g) ?? []);
    }
  });
});

describe("decodeLayers", () => {
  test("labels chains outermost first", () => {
    const secret = `value-${fakeChars(8, 20)}`;
    const layers = decodeLayers(b64(hex(secret)));
    expect(layers.map((l) => l.encoding)).toEqual(["base64", "base64+hex"]);
    expect(layers[1]!.text).toBe(secret);
  });

  test("stops after three layers", () => {
    const secret = `value-${fakeChars(9, 20)}`;
    const four = b64(b64(b64(b64(secret))));
    const layers = decodeLayers(four);
    expect(layers).toHaveLength(3);
    expect(layers.some((l) => l.text === secret)).toBe(false);
  });

  test("decoded output stays within its budget on adversarial input", () => {
    // Nested base64 everywhere: every run decodes to more base64.
    const units: string[] = [];
    for (let i = 1; units.join(" ").length < 200_000; i++) units.push(b64(b64(b64(fakeChars(i, 30)))));
    const input = units.join(" ");
    const total = decodeLayers(input).reduce((n, l) => n + l.text.length, 0);
    expect(total).toBeLessThanOrEqual(DECODED_CHARS_PER_INPUT_CHAR * input.length + 1000);
  });

  test("plain prose decodes to nothing", () => {
    expect(decodeLayers("The quick brown fox jumps over the lazy dog. Internationalization matters.")).toEqual([]);
  });
});
