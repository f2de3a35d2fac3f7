import { describe, expect, test } from "bun:test";
import { splitRegions } from "../../../../src/engine/scanners/dlp/index.ts";
import { SPLIT_CHARS_PER_INPUT_CHAR } from "../../../../src/engine/scanners/dlp/split-regions.ts";
import { fakeChars } from "./fakes.ts";

const KEY = `Zq${fakeChars(5, 22)}7`;

describe("splitRegions", () => {
  test.each([
    ["spaces", KEY.match(/.{1,4}/g)!.join(" ")],
    ["double spaces", KEY.match(/.{1,6}/g)!.join("  ")],
    ["dots", [...KEY].join(".")],
    ["colons", KEY.match(/.{1,3}/g)!.join(":")],
    ["pipes", KEY.match(/.{1,5}/g)!.join("|")],
    ["newlines", KEY.match(/.{1,8}/g)!.join("\n")],
    ["commas and spaces", KEY.match(/.{1,4}/g)!.join(", ")],
  ])("rejoins a key split by %s", (_, text) => {
    expect(splitRegions(`before ${text} after`)).toContain(KEY);
  });

  test("context words at either end are trimmed in extra candidates", () => {
    const regions = splitRegions(`aws\n${KEY.slice(0, 12)}\n${KEY.slice(12)}\nus-east-1`);
    expect(regions).toContain(KEY);
  });

  test("prose gives no candidates", () => {
    expect(splitRegions("The quick brown fox jumps over the lazy dog. In 2024 we shipped 3 releases and fixed 12 bugs.")).toEqual([]);
  });

  test("output is bounded on key-like noise", () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `A${i % 10}`).join(" ");
    const total = splitRegions(text).reduce((n, r) => n + r.length, 0);
    expect(total).toBeLessThanOrEqual(SPLIT_CHARS_PER_INPUT_CHAR * text.length);
  });
});
