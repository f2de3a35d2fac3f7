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
    ["a hyphen after every character", [...KEY].join("-")],
    ["underscores between pairs", KEY.match(/.{1,2}/g)!.join("_")],
    ["hyphens, inside a file name", `filename="${[...KEY].join("-")}.txt"`],
    ["hyphens, after a name and before a suffix", `key=${[...KEY].join("-")}-suffix`],
    ["a CRLF line break and indentation", `${KEY.slice(0, 10)}\r\n    ${KEY.slice(10)}`],
    ["a line break with a tab", `${KEY.slice(0, 7)}\n\t${KEY.slice(7)}`],
  ])("rejoins a key split by %s", (_, text) => {
    expect(splitRegions(`before ${text} after`)).toContain(KEY);
  });

  test("context words at either end are trimmed in extra candidates", () => {
    const regions = splitRegions(`aws\n${KEY.slice(0, 12)}\n${KEY.slice(12)}\nus-east-1`);
    expect(regions).toContain(KEY);
  });

  test("words joined by hyphens and UUIDs are not spelled-apart values; a wide gap without a line break still splits", () => {
    for (const text of [
      "set margin-bottom-left-right-top-center-middle-x for the grid-template-area-name",
      "the request id 4bf92f35-77b3-4da6-a3ce-929d0e0e4736 was logged",
      `${KEY.slice(0, 10)}     ${KEY.slice(10)}`,
      `${KEY.slice(0, 10)}\n\n\n${KEY.slice(10)}`,
    ]) {
      expect(splitRegions(`before ${text} after`)).not.toContain(KEY);
      expect(splitRegions(`before ${text} after`).some((r) => r.includes("marginbottom") || r.includes("4bf92f3577b3"))).toBe(false);
    }
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
