import { describe, expect, test } from "bun:test";
import { isNotPlaceholder, isWordIdentifier } from "../../../../src/engine/scanners/validators/placeholder.ts";
import { hasAssignmentShape } from "../../../../src/engine/scanners/validators/assignment-shape.ts";

/** Deterministic pseudo-random string (xorshift32), so no fixture looks like a real credential. */
function chars(seed: number, length: number, alphabet: string): string {
  let x = seed >>> 0 || 1;
  let out = "";
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}
const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

describe("not_placeholder", () => {
  test.each([
    ["a digit run", `Qx7${"1234567890"}Lm`],
    ["a letter run", "abcdefg13579+QWZX"],
    ["a descending run", "k9ZYXWVUq2"],
    ["digits wrapping 9 to 0", "aa7890123bb"],
    ["letters and digits counted in step", "a1b2c3d4e5f6g7h8i9j0k1"],
    ["letter pairs counted down", "px-d4c3b2a1-f6e5-h8g7-j1i8"],
    ["a block repeated three times", "abcd1234abcd1234abcd1234XY"],
    ["an identifier of words and short numbers", "DOC_Vector_5_32"],
  ])("rejects %s", (_, value) => {
    expect(isNotPlaceholder(value)).toBe(false);
  });

  test("accepts generated tokens of every common alphabet (200 samples each)", () => {
    for (let seed = 1; seed <= 200; seed++) {
      expect(isNotPlaceholder(chars(seed, 40, BASE62))).toBe(true);
      expect(isNotPlaceholder(chars(seed + 1000, 32, HEX))).toBe(true);
    }
  });

  test("very long values are not judged (keys and blobs)", () => {
    expect(isNotPlaceholder("abcdefgh".repeat(200))).toBe(true);
  });

  test("identifiers need two words", () => {
    expect(isWordIdentifier("ORDER_Items_4_12")).toBe(true);
    expect(isWordIdentifier("v1_2_3")).toBe(false);
    expect(isWordIdentifier("sk_live_x7Kq9")).toBe(false);
  });
});

describe("assignment_shape", () => {
  test.each([
    ["Databricks marker, wrong alphabet", `dapi${chars(3, 32, "ghijklmnopqrstuvwxyz")}`],
    ["Databricks marker, too short", `dapi${chars(4, 20, HEX)}`],
    ["Pixie marker, not a UUID", "px-api-q1w2e3r4-t5y6-u7i8-o9p0-a1s2d3f4g5h6"],
    ["Google marker, wrong length", `AIzaSy${chars(5, 20, BASE62)}`],
    ["New Relic marker, not hex", `${chars(6, 36, "ghijklmnopqrstuvwxyz")}NRAL`],
    ["a word identifier", "Cache_Key_Name_2"],
  ])("rejects %s", (_, value) => {
    expect(hasAssignmentShape(value)).toBe(false);
  });

  test.each([
    ["Databricks format", `dapi${chars(7, 32, HEX)}`],
    ["Pixie format", `px-dep-${chars(8, 8, HEX)}-${chars(9, 4, HEX)}-${chars(10, 4, HEX)}-${chars(11, 4, HEX)}-${chars(12, 12, HEX)}`],
    ["New Relic format", `${chars(13, 36, HEX)}NRAL`],
    ["an unmarked random value", chars(14, 40, BASE62)],
  ])("accepts %s (the vendor rule reports it)", (_, value) => {
    expect(hasAssignmentShape(value)).toBe(true);
  });

  const AWS_ALPHABET = `${BASE62}/+`;
  test.each([
    ["an AWS-named value of 38 characters", `aws_secret_key: ${chars(21, 38, AWS_ALPHABET)}`],
    ["an AWS-named base64 blob of 56 characters", `AWS_SECRET_ACCESS_KEY = ${chars(22, 54, AWS_ALPHABET)}==`],
    ["a bare secret_access_key of 18 characters", `secret_access_key = '${chars(23, 18, BASE62)}`],
    ["a bare secret_access_key of 53 hex-like characters", `secret_access_key=${chars(24, 48, HEX)}extra`],
    ["an AWS-named exact-length value without a digit", `aws_secret_access_key = ${chars(25, 40, "abcdefghijklmnopqrstuvwxyz")}`],
  ])("rejects an owned name with the wrong format: %s", (_, candidate) => {
    expect(hasAssignmentShape(candidate)).toBe(false);
  });

  test.each([
    ["an AWS secret access key", `aws_secret_access_key = ${chars(26, 39, AWS_ALPHABET)}7`],
    ["an IBM COS HMAC secret under a bare name", `secret_access_key="${chars(27, 47, HEX)}1`],
  ])("accepts an owned name in its exact format: %s", (_, candidate) => {
    expect(hasAssignmentShape(candidate.replace(/"$/, ""))).toBe(true);
  });
});
