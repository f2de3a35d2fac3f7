import { expect, test } from "bun:test";
import { matchGlob } from "../../../src/engine/index.ts";

test.each([
  ["inj.*", "inj.ignore_previous", true],
  ["inj.*", "dlp.aws", false],
  ["https://example.com/*", "https://example.com/a/b?c=d", true],
  ["https://example.com/*", "https://example.com.evil.org/", false],
  ["*secret*", "my_SECRET_key", true],
  ["a*b*c", "aXXbYYc", true],
  ["a*b*c", "aXXbYY", false],
  ["exact", "exact", true],
  ["exact", "exactly", false],
])("matchGlob(%p, %p) is %p", (pattern, text, expected) => {
  expect(matchGlob(pattern, text)).toBe(expected);
});

test("matchGlob() stays fast on a pathological pattern", () => {
  // A regex built from this glob would backtrack exponentially; the two-pointer matcher does not.
  expect(matchGlob("*a*a*a*a*a*a*a*a*b", "a".repeat(3000))).toBe(false);
});
