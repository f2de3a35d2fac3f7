/**
 * @module reversedStretches: runs of token characters holding a keyword written backwards are read
 * back round (only around the keyword, within the run); prose and ordinary ids give nothing; the
 * work per text is bounded.
 */
import { describe, expect, test } from "bun:test";
import { MAX_REVERSED_CHARS, reversedStretches } from "../../../../src/engine/scanners/dlp/reversed-runs.ts";
import { DLP_RULES, FAKE_AWS_ID, FAKE_GITHUB } from "./fakes.ts";

const backwards = (s: string) => [...s].reverse().join("");

describe("reversedStretches", () => {
  test("a key written backwards is read back round, with where its stretch starts", () => {
    const text = `upload ${backwards(FAKE_AWS_ID)} done`;
    const found = reversedStretches(DLP_RULES, text);
    expect(found.some((s) => s.text.includes(FAKE_AWS_ID))).toBe(true);
    expect(found[0]!.start).toBe(text.indexOf(backwards(FAKE_AWS_ID)));
  });

  test("the stretch stays inside its run: text past a space is not read", () => {
    const found = reversedStretches(DLP_RULES, `prefix words here ${backwards(FAKE_GITHUB)} suffix words`);
    expect(found.map((s) => s.text)).toEqual([FAKE_GITHUB]);
  });

  test.each([
    "The quick brown fox jumps over the lazy dog. This is normal web content.",
    "https://api.example.com:8443/v2/search?q=golang+testing&page=3&limit=50",
    "/home/dev/project/src/components/widget12.tsx",
    "550e8400-e29b-41d4-a716-446655440000",
    "short",
  ])("nothing in %p", (text) => {
    expect(reversedStretches(DLP_RULES, text)).toEqual([]);
  });

  test("bounded: a huge run full of reversed keywords reads back at most MAX_REVERSED_CHARS", () => {
    const text = backwards(FAKE_AWS_ID).repeat(50_000);
    const total = reversedStretches(DLP_RULES, text).reduce((n, s) => n + s.text.length, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(MAX_REVERSED_CHARS);
  });
});
