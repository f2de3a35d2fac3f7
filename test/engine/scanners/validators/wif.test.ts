import { describe, expect, test } from "bun:test";
import { base58Decode } from "../../../../src/engine/scanners/validators/base58.ts";
import { isValidWif } from "../../../../src/engine/scanners/validators/wif.ts";

// Keys below were generated for this test from random bytes; they hold nothing.
const MAIN_UNCOMPRESSED = "5K563fxDY6nm8BMVFvUHQVN154ApkdipNNCpt4s9gHh6APDEY6L";
const MAIN_COMPRESSED = "KxyXVzxGafXrSB8G25gT223ss8NC56D9vUDEfUL7c6ooga4UzWdL";
const TEST_UNCOMPRESSED = "91tNQ5cVyPmW5TTktmDmMFThKTka7NaKLApuKUQRubmxsg5ERan";
const TEST_COMPRESSED = "cQTg8aJ1nMEttD47sRMy5zPM8WafeYYvCrfkjSRx8BfiWSwiKgC5";

describe("isValidWif", () => {
  const cases: ReadonlyArray<readonly [string, boolean, string]> = [
    [MAIN_UNCOMPRESSED, true, "mainnet uncompressed"],
    [MAIN_COMPRESSED, true, "mainnet compressed"],
    [TEST_UNCOMPRESSED, true, "testnet uncompressed"],
    [TEST_COMPRESSED, true, "testnet compressed"],
    ["5KNUZhFz5EMAMDkFyAscEDYxFgKTNggTFpVJV75ts3RFMh5RZJ2", false, "checksum broken in the last character"],
    ["5MKDjvi1vf2PV3KxskVcBY9jAnwB2PXL3TZQjFmnrhRdrKG4H2H", false, "valid checksum but version byte 0x81"],
    [MAIN_UNCOMPRESSED.slice(0, -1), false, "truncated"],
    [MAIN_COMPRESSED.replace("V", "0"), false, "character outside base58 (0)"],
    [MAIN_COMPRESSED.replace("V", "l"), false, "character outside base58 (l)"],
    ["1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", false, "a P2PKH address, not a key"],
    ["5".repeat(51), false, "right length, garbage"],
    ["", false, "empty"],
  ];
  for (const [input, expected, why] of cases) {
    test(`${why} → ${expected}`, () => expect(isValidWif(input)).toBe(expected));
  }
});

describe("base58Decode", () => {
  test("leading '1's become zero bytes", () => {
    expect([...(base58Decode("11z") ?? [])]).toEqual([0, 0, 57]);
  });
  test("rejects characters outside the alphabet", () => {
    expect(base58Decode("abc0")).toBeUndefined();
  });
});
