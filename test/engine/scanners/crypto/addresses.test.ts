import { describe, expect, test } from "bun:test";
import { parseAddress } from "../../../../src/engine/scanners/crypto/addresses.ts";
import { bech32Decode, fromWords } from "../../../../src/engine/scanners/crypto/bech32.ts";
import { eip55Status } from "../../../../src/engine/scanners/crypto/eip55.ts";
import {
  BASE58_ALPHABET, BECH32_ALPHABET, base58CheckEncode, base58Encode, bech32Encode, concat, corrupt, fakeBytes, toChecksumAddress,
} from "./fixtures.ts";

const eth = toChecksumAddress(fakeBytes(20, 1));
const p2pkh = base58CheckEncode(concat([0x00], fakeBytes(20, 2)));
const p2sh = base58CheckEncode(concat([0x05], fakeBytes(20, 3)));
const p2wpkh = bech32Encode("bc", fakeBytes(20, 4), "bech32", 0);
const p2wsh = bech32Encode("bc", fakeBytes(32, 5), "bech32", 0);
const p2tr = bech32Encode("bc", fakeBytes(32, 6), "bech32m", 1);
const testnet = bech32Encode("tb", fakeBytes(20, 7), "bech32", 0);
const bnb = bech32Encode("bnb", fakeBytes(20, 8), "bech32");
const sol = base58Encode(concat([0x42], fakeBytes(31, 9)));

describe("parseAddress: valid addresses", () => {
  const cases: ReadonlyArray<readonly [string, string, string, string]> = [
    ["ETH EIP-55", eth, "eth", eth.slice(2).toLowerCase()],
    ["ETH lower case (no checksum)", eth.toLowerCase(), "eth", eth.slice(2).toLowerCase()],
    ["ETH upper case (no checksum)", `0x${eth.slice(2).toUpperCase()}`, "eth", eth.slice(2).toLowerCase()],
    ["BTC P2PKH", p2pkh, "btc", p2pkh],
    ["BTC P2SH", p2sh, "btc", p2sh],
    ["BTC P2WPKH (bech32 v0)", p2wpkh, "btc", p2wpkh.slice(3)],
    ["BTC P2WSH (bech32 v0, 32 bytes)", p2wsh, "btc", p2wsh.slice(3)],
    ["BTC P2TR (bech32m v1)", p2tr, "btc", p2tr.slice(3)],
    ["BTC bech32 upper case", p2wpkh.toUpperCase(), "btc", p2wpkh.slice(3)],
    ["BTC testnet bech32", testnet, "btc", testnet.slice(3)],
    ["BNB", bnb, "bnb", bnb.slice(4)],
    ["SOL", sol, "sol", sol],
  ];
  for (const [name, text, chain, key] of cases) {
    test(name, () => expect(parseAddress(text)).toEqual({ chain: chain as never, text, key, valid: true }));
  }
  test("P2PKH starts with 1 and P2SH with 3", () => {
    expect(p2pkh[0]).toBe("1");
    expect(p2sh[0]).toBe("3");
  });
});

describe("parseAddress: corrupted checksums are recognised but not valid", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["ETH wrong casing", eth.slice(0, 2) + [...eth.slice(2)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("")],
    ["ETH changed digit", corrupt(eth, "0123456789abcdef", 21)],
    ["BTC P2PKH", corrupt(p2pkh, BASE58_ALPHABET)],
    ["BTC P2SH", corrupt(p2sh, BASE58_ALPHABET)],
    ["BTC bech32", corrupt(p2wpkh, BECH32_ALPHABET)],
    ["BTC bech32m", corrupt(p2tr, BECH32_ALPHABET)],
    ["BNB", corrupt(bnb, BECH32_ALPHABET)],
    ["v0 program with a bech32m checksum", bech32Encode("bc", fakeBytes(20, 4), "bech32m", 0)],
    ["v1 program with a bech32 checksum", bech32Encode("bc", fakeBytes(32, 6), "bech32", 1)],
    ["v0 program of 25 bytes", bech32Encode("bc", fakeBytes(25, 4), "bech32", 0)],
    ["BNB with bech32m", bech32Encode("bnb", fakeBytes(20, 8), "bech32m")],
  ];
  for (const [name, text] of cases) {
    test(name, () => expect(parseAddress(text)?.valid).toBe(false));
  }
});

describe("parseAddress: not an address", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["git SHA with 0x", `0x${"a1b2c3d4e5".repeat(4).slice(0, 39)}`],
    ["0x + 40 non-hex", `0x${"g".repeat(40)}`],
    ["0x + 64 hex (a hash or key)", `0x${"ab12".repeat(16)}`],
    ["mixed-case bech32", p2wpkh.slice(0, 10) + p2wpkh.slice(10).toUpperCase()],
    ["unknown bech32 hrp", bech32Encode("ltc", fakeBytes(20, 4), "bech32", 0)],
    ["base58 with 0", `1${"0".repeat(30)}`],
    ["legacy version byte 0x30", base58CheckEncode(concat([0x30], fakeBytes(20, 2)))],
    ["too short", "1abc"],
    ["ordinary word run", "abcdefghijklmnopqrstuvwxyzabcdefghij"],
    ["empty", ""],
  ];
  for (const [name, text] of cases) {
    test(name, () => expect(parseAddress(text)).toBeUndefined());
  }
});

describe("eip55Status", () => {
  test("checksummed", () => expect(eip55Status(eth.slice(2))).toBe("checksummed"));
  test("lower", () => expect(eip55Status(eth.slice(2).toLowerCase())).toBe("unchecksummed"));
  test("digits only is unchecksummed", () => expect(eip55Status("1234567890".repeat(4))).toBe("unchecksummed"));
  test("39 chars", () => expect(eip55Status(eth.slice(3))).toBe("invalid"));
});

describe("bech32Decode", () => {
  test("returns the hrp, the data and the variant", () => {
    const d = bech32Decode(p2tr)!;
    expect(d.hrp).toBe("bc");
    expect(d.variant).toBe("bech32m");
    expect(d.data[0]).toBe(1);
    expect([...fromWords(d.data.slice(1))!]).toEqual([...fakeBytes(32, 6)]);
  });
  test("too long", () => expect(bech32Decode(`bc1${"q".repeat(100)}`)).toBeUndefined());
  test("no separator", () => expect(bech32Decode("qpzry9x8gf2tvdw0s3jn54khce6mua7l")).toBeUndefined());
  test("non-ASCII", () => expect(bech32Decode("bc1qé23456789")).toBeUndefined());
});
