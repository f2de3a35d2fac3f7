import { describe, expect, test } from "bun:test";
import { compileAllowlist, similarity } from "../../../../src/engine/scanners/crypto/address-poisoning.ts";
import { parseAddress } from "../../../../src/engine/scanners/crypto/addresses.ts";
import {
  compileCryptoScanner, CRYPTO_RULE_IDS, DEFAULT_ADDRESS_PROTECTION_SETTINGS, DEFAULT_CRYPTO_SETTINGS,
  type AddressProtectionSettings,
} from "../../../../src/engine/scanners/crypto/index.ts";
import {
  BASE58_ALPHABET, BECH32_ALPHABET, base58CheckEncode, base58Encode, bech32Encode, concat, corrupt, fakeBytes, toChecksumAddress,
} from "./fixtures.ts";

/** Bytes sharing the first `head` and last `tail` bytes of `base`, with a different middle. */
function sameEnds(base: Uint8Array, head: number, tail: number, seed: number): Uint8Array {
  const out = fakeBytes(base.length, seed);
  out.set(base.subarray(0, head), 0);
  out.set(base.subarray(base.length - tail), base.length - tail);
  return out;
}

/** Brute-force a valid address sharing `pre`/`suf` characters of the compare key with `target`. */
function lookalike(target: string, make: (seed: number) => string, pre: number, suf: number): string {
  const key = parseAddress(target)!.key;
  for (let seed = 1; seed < 200_000; seed++) {
    const candidate = make(seed);
    const k = parseAddress(candidate)?.key;
    if (k && k !== key && k.length === key.length && k.slice(0, pre) === key.slice(0, pre) && k.slice(-suf) === key.slice(-suf)) return candidate;
  }
  throw new Error("no look-alike found");
}

interface ChainCase {
  readonly name: string;
  readonly trusted: string;
  readonly mimic: string;
  readonly alphabet: string;
  readonly pre: number;
  readonly suf: number;
  readonly unrelated: string;
}

const ethBytes = fakeBytes(20, 11);
const h160 = fakeBytes(20, 12);
const prog = fakeBytes(20, 13);
const bnbBytes = fakeBytes(20, 14);
const solBytes = concat([0x99], fakeBytes(31, 15));

const CASES: readonly ChainCase[] = [
  {
    name: "ETH", trusted: toChecksumAddress(ethBytes), mimic: toChecksumAddress(sameEnds(ethBytes, 2, 2, 99)),
    alphabet: "0123456789abcdef", pre: 4, suf: 4, unrelated: toChecksumAddress(fakeBytes(20, 500)),
  },
  (() => {
    const trusted = base58CheckEncode(concat([0], h160));
    return {
      name: "BTC P2PKH", trusted, alphabet: BASE58_ALPHABET, pre: 4, suf: 1,
      mimic: lookalike(trusted, (s) => base58CheckEncode(concat([0], sameEnds(h160, 3, 0, s))), 4, 1),
      unrelated: base58CheckEncode(concat([0], fakeBytes(20, 501))),
    };
  })(),
  (() => {
    const trusted = bech32Encode("bc", prog, "bech32", 0);
    return {
      name: "BTC bech32", trusted, alphabet: BECH32_ALPHABET, pre: 4, suf: 2,
      mimic: lookalike(trusted, (s) => bech32Encode("bc", sameEnds(prog, 2, 0, s), "bech32", 0), 4, 2),
      unrelated: bech32Encode("bc", fakeBytes(20, 502), "bech32", 0),
    };
  })(),
  (() => {
    const trusted = bech32Encode("bnb", bnbBytes, "bech32");
    return {
      name: "BNB", trusted, alphabet: BECH32_ALPHABET, pre: 4, suf: 2,
      mimic: lookalike(trusted, (s) => bech32Encode("bnb", sameEnds(bnbBytes, 3, 0, s), "bech32"), 4, 2),
      unrelated: bech32Encode("bnb", fakeBytes(20, 503), "bech32"),
    };
  })(),
  (() => {
    const trusted = base58Encode(solBytes);
    return {
      name: "SOL", trusted, alphabet: BASE58_ALPHABET, pre: 4, suf: 2,
      mimic: lookalike(trusted, (s) => base58Encode(sameEnds(solBytes, 4, 0, s)), 4, 2),
      unrelated: base58Encode(concat([0x99], fakeBytes(31, 504))),
    };
  })(),
];

function scannerFor(c: ChainCase, extra: Partial<AddressProtectionSettings> = {}) {
  return compileCryptoScanner({
    ...DEFAULT_CRYPTO_SETTINGS,
    addressProtection: {
      ...DEFAULT_ADDRESS_PROTECTION_SETTINGS, enabled: true, allowedAddresses: [c.trusted],
      chains: { eth: true, btc: true, bnb: true, sol: true }, prefixLength: c.pre, suffixLength: c.suf, ...extra,
    },
  });
}

const ctx = { location: "arguments.to" };

for (const c of CASES) {
  describe(`${c.name} address poisoning`, () => {
    test("fixture sanity: trusted, look-alike and unrelated parse as valid", () => {
      for (const a of [c.trusted, c.mimic, c.unrelated]) expect(parseAddress(a)?.valid).toBe(true);
    });
    test("the allowlisted address itself passes", () => {
      expect(scannerFor(c).scan(`send 1.5 to ${c.trusted} now`, ctx)).toEqual([]);
    });
    test("a look-alike is flagged with a similarity score", () => {
      const [f, ...rest] = scannerFor(c).scan(`send 1.5 to ${c.mimic} now`, ctx);
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ rule_id: CRYPTO_RULE_IDS.addressPoisoning, severity: "high", action: "block", location: "arguments.to" });
      expect(f!.message).toMatch(/similarity 0\.\d\d/);
      expect(f!.message).toMatch(/first \d+ and last \d+ characters match/);
    });
    test("the action comes from config", () => {
      expect(scannerFor(c, { action: "warn" }).scan(c.mimic, ctx)[0]?.action).toBe("warn");
    });
    test("a look-alike with a broken checksum is a lower-severity finding", () => {
      if (c.name === "SOL") return; // SOL has no checksum
      const broken = corrupt(c.trusted, c.alphabet, Math.floor(c.trusted.length / 2));
      const [f] = scannerFor(c).scan(broken, ctx);
      expect(f).toMatchObject({ rule_id: CRYPTO_RULE_IDS.addressBadChecksum, severity: "medium" });
    });
    test("an unrelated valid address passes by default", () => {
      expect(scannerFor(c).scan(c.unrelated, ctx)).toEqual([]);
    });
    test("an unrelated valid address is reported when unknown_action is set", () => {
      const [f] = scannerFor(c, { unknownAction: "ask" }).scan(c.unrelated, ctx);
      expect(f).toMatchObject({ rule_id: CRYPTO_RULE_IDS.addressNotAllowlisted, action: "ask", severity: "low" });
    });
    test("an unrelated address with a broken checksum is ignored", () => {
      if (c.name === "SOL") return;
      expect(scannerFor(c, { unknownAction: "block" }).scan(corrupt(c.unrelated, c.alphabet), ctx)).toEqual([]);
    });
  });
}

describe("switches", () => {
  const eth = CASES[0]!;
  test("disabled finds nothing", () => expect(scannerFor(eth, { enabled: false }).scan(eth.mimic, ctx)).toEqual([]));
  test("a disabled chain finds nothing", () => {
    expect(scannerFor(eth, { chains: { eth: false, btc: true, bnb: true, sol: false } }).scan(eth.mimic, ctx)).toEqual([]);
  });
  test("an empty allowlist is inert even with unknown_action block", () => {
    expect(scannerFor(eth, { allowedAddresses: [], unknownAction: "block" }).scan(eth.unrelated, ctx)).toEqual([]);
  });
  test("ETH casing does not matter for the exact match", () => {
    expect(scannerFor(eth).scan(eth.trusted.toLowerCase(), ctx)).toEqual([]);
  });
  test("a look-alike inside a percent-encoded query is found", () => {
    const [f] = scannerFor(eth).scan(`https://pay.test/?to=${encodeURIComponent(`to:${eth.mimic}`)}`, ctx);
    expect(f?.rule_id).toBe(CRYPTO_RULE_IDS.addressPoisoning);
  });
  test("the bech32 compare key keeps v0 and v1 apart", () => {
    const v1 = bech32Encode("bc", fakeBytes(32, 13), "bech32m", 1);
    expect(scannerFor(CASES[2]!, { unknownAction: "allow" }).scan(v1, ctx)).toEqual([]);
  });
  test("allowlist entries that are not addresses are reported and ignored", () => {
    const list = compileAllowlist({ ...DEFAULT_ADDRESS_PROTECTION_SETTINGS, enabled: true, allowedAddresses: ["hello", eth.trusted] });
    expect(list.rejected).toEqual(["hello"]);
    expect(list.size).toBe(1);
  });
  test("the closest allowlisted address is named", () => {
    const other = toChecksumAddress(sameEnds(ethBytes, 2, 2, 7));
    const s = scannerFor(eth, { allowedAddresses: [other, eth.trusted] });
    const near = toChecksumAddress(sameEnds(ethBytes, 10, 2, 99));
    expect(s.scan(near, ctx)[0]?.message).toContain(eth.trusted.slice(0, 8));
  });
});

describe("similarity", () => {
  test.each([
    ["abcd", "abcd", 1],
    ["abcd", "abzd", 0.75],
    ["abcd", "wxyz", 0],
    ["abc", "abcd", 0],
  ] as const)("%s vs %s = %d", (a, b, s) => expect(similarity(a, b)).toBe(s));
});
