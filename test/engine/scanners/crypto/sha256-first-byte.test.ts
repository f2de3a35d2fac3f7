import { describe, expect, test } from "bun:test";
import { sha256 } from "@noble/hashes/sha2.js";
import { MAX_SINGLE_BLOCK_BYTES, sha256FirstByte } from "../../../../src/engine/scanners/crypto/sha256-first-byte.ts";
import { fakeBytes } from "./fixtures.ts";

describe("sha256FirstByte", () => {
  test("agrees with @noble/hashes for every length 0..55 over many inputs", () => {
    for (let length = 0; length <= MAX_SINGLE_BLOCK_BYTES; length++) {
      for (let seed = 1; seed <= 20; seed++) {
        const bytes = fakeBytes(length, seed * 131 + length);
        expect(sha256FirstByte(bytes, length)).toBe(sha256(bytes)[0]!);
      }
    }
  });
  test("hashes only the first `length` bytes of a larger buffer", () => {
    const bytes = fakeBytes(40, 7);
    expect(sha256FirstByte(bytes, 16)).toBe(sha256(bytes.subarray(0, 16))[0]!);
  });
  test.each([[-1], [56], [100]])("length %d is refused", (length) => {
    expect(sha256FirstByte(new Uint8Array(128), length)).toBeUndefined();
  });
  test("length beyond the buffer is refused", () => expect(sha256FirstByte(new Uint8Array(4), 8)).toBeUndefined());
});
