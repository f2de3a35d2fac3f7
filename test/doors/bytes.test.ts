/** concatBytes: parts joined in order, with or without the caller's count; one part is not copied. */
import { describe, expect, test } from "bun:test";
import { concatBytes } from "../../src/doors/bytes/index.ts";

describe("concatBytes", () => {
  test("joins parts in order", () => {
    const parts = [Uint8Array.of(1, 2), Uint8Array.of(), Uint8Array.of(3), Uint8Array.of(4, 5, 6)];
    expect([...concatBytes(parts)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...concatBytes(parts, 6)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(concatBytes([]).byteLength).toBe(0);
  });
  test("a single part comes back as it is", () => {
    const one = Uint8Array.of(9, 8);
    expect(concatBytes([one])).toBe(one);
  });
});
