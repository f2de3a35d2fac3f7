import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import {
  AddressProtectionSchema, DEFAULT_ADDRESS_PROTECTION, toAddressProtectionSettings,
} from "../../../../src/config/sections/address-protection.ts";
import {
  DEFAULT_SEED_PHRASE_DETECTION, SeedPhraseDetectionSchema, toSeedPhraseSettings,
} from "../../../../src/config/sections/seed-phrase-detection.ts";
import { DEFAULT_ADDRESS_PROTECTION_SETTINGS, DEFAULT_SEED_PHRASE_SETTINGS } from "../../../../src/engine/scanners/crypto/index.ts";
import { bech32Encode, fakeBytes, toChecksumAddress } from "./fixtures.ts";

describe("seed_phrase_detection section", () => {
  test("defaults map to the engine defaults", () => {
    expect(toSeedPhraseSettings(DEFAULT_SEED_PHRASE_DETECTION)).toEqual(DEFAULT_SEED_PHRASE_SETTINGS);
  });
  test("reference keys are accepted", () => {
    const parsed = v.parse(SeedPhraseDetectionSchema, { enabled: false, min_words: 24, verify_checksum: false });
    expect(toSeedPhraseSettings(parsed)).toEqual({ enabled: false, minWords: 24, verifyChecksum: false });
  });
  test.each([[13], [11], [0]])("min_words %d is rejected", (n) => {
    expect(v.safeParse(SeedPhraseDetectionSchema, { min_words: n }).success).toBe(false);
  });
  test("unknown keys are rejected", () => expect(v.safeParse(SeedPhraseDetectionSchema, { minWords: 12 }).success).toBe(false));
});

describe("address_protection section", () => {
  const eth = toChecksumAddress(fakeBytes(20, 1));
  const btc = bech32Encode("bc", fakeBytes(20, 2), "bech32", 0);
  test("defaults map to the engine defaults", () => {
    expect(toAddressProtectionSettings(DEFAULT_ADDRESS_PROTECTION)).toEqual(DEFAULT_ADDRESS_PROTECTION_SETTINGS);
  });
  test("a full reference-style section", () => {
    const parsed = v.parse(AddressProtectionSchema, {
      enabled: true, action: "warn", unknown_action: "block", allowed_addresses: [` ${eth} `, btc],
      chains: { sol: true }, similarity: { prefix_length: 6, suffix_length: 5 },
    });
    expect(toAddressProtectionSettings(parsed)).toEqual({
      enabled: true, action: "warn", unknownAction: "block", allowedAddresses: [eth, btc],
      chains: { eth: true, btc: true, sol: true, bnb: true }, prefixLength: 6, suffixLength: 5,
    });
  });
  const bad: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ["not an address", { allowed_addresses: ["my-wallet"] }, /not a recognised/],
    ["bad EIP-55 checksum", { allowed_addresses: [`0x${[...eth.slice(2)].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("")}`] }, /checksum/],
    ["unknown chain", { chains: { doge: true } }, /.+/],
    ["prefix 0", { similarity: { prefix_length: 0 } }, /.+/],
    ["action allow for look-alikes", { action: "allow" }, /.+/],
  ];
  for (const [name, input, message] of bad) {
    test(`${name} is rejected`, () => {
      const result = v.safeParse(AddressProtectionSchema, input);
      expect(result.success).toBe(false);
      expect(result.issues?.map((i) => i.message).join(" ")).toMatch(message);
    });
  }
});
