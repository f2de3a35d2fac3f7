import { describe, expect, test } from "bun:test";
import { findPrivateKeys, type PrivateKeyKind } from "../../../../src/engine/scanners/crypto/private-keys.ts";
import {
  BASE58_ALPHABET, base58CheckEncode, concat, corrupt, fakeBip38, fakeBytes, fakeExtendedKey, fakeWif, hex,
} from "./fixtures.ts";

function kinds(text: string): PrivateKeyKind[] {
  return findPrivateKeys(text).map((m) => m.kind);
}

const XPRV_VERSIONS: ReadonlyArray<readonly [string, number]> = [
  ["xprv", 0x0488ade4], ["tprv", 0x04358394], ["yprv", 0x049d7878], ["zprv", 0x04b2430c],
  ["uprv", 0x044a4e28], ["vprv", 0x045f18bc], ["Yprv", 0x0295b005], ["Zprv", 0x02aa7a99],
];

describe("extended private keys", () => {
  for (const [prefix, version] of XPRV_VERSIONS) {
    test(`${prefix} is found with its prefix`, () => {
      const key = fakeExtendedKey(version, version & 0xffff);
      expect(key.startsWith(prefix)).toBe(true);
      const found = findPrivateKeys(`export KEY="${key}"`);
      expect(found.map((m) => [m.kind, m.detail])).toEqual([["extended_private_key", prefix]]);
    });
  }
  const xprv = fakeExtendedKey(0x0488ade4, 5);
  test("a corrupted checksum is not a key", () => expect(kinds(corrupt(xprv, BASE58_ALPHABET))).toEqual([]));
  test("truncated", () => expect(kinds(xprv.slice(0, -3))).toEqual([]));
  test("xpub (public) version bytes", () => expect(kinds(fakeExtendedKey(0x0488b21e, 5))).toEqual([]));
  test("unknown version bytes", () => expect(kinds(fakeExtendedKey(0x0488ade5, 5))).toEqual([]));
  test("key data without the 0x00 pad byte", () => {
    const payload = concat([0x04, 0x88, 0xad, 0xe4], new Array(9).fill(0), fakeBytes(32, 1), [7], fakeBytes(32, 2));
    expect(kinds(base58CheckEncode(payload))).toEqual([]);
  });
});

describe("WIF keys", () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ["mainnet uncompressed", fakeWif(1, false), "mainnet WIF"],
    ["mainnet compressed", fakeWif(2, true), "mainnet WIF"],
    ["testnet uncompressed", fakeWif(3, false, 0xef), "testnet WIF"],
    ["testnet compressed", fakeWif(4, true, 0xef), "testnet WIF"],
  ];
  for (const [name, key, detail] of cases) {
    test(name, () => expect(findPrivateKeys(`importprivkey ${key}`).map((m) => m.detail)).toEqual([detail]));
  }
  test("corrupted checksum", () => expect(kinds(corrupt(fakeWif(2, true), BASE58_ALPHABET))).toEqual([]));
  test("wrong version byte", () => expect(kinds(fakeWif(2, true, 0x81))).toEqual([]));
  test("glued to other letters is a different token", () => expect(kinds(`x${fakeWif(2, true)}`)).toEqual([]));
});

describe("BIP-38 encrypted keys", () => {
  test("non-EC", () => expect(findPrivateKeys(fakeBip38(1)).map((m) => m.detail)).toEqual(["BIP-38"]));
  test("EC-multiplied", () => expect(findPrivateKeys(fakeBip38(2, 0x43)).map((m) => m.detail)).toEqual(["BIP-38 EC-multiplied"]));
  test("starts with 6P", () => expect(fakeBip38(3).startsWith("6P")).toBe(true));
  test("corrupted checksum", () => expect(kinds(corrupt(fakeBip38(1), BASE58_ALPHABET))).toEqual([]));
  test("unknown type byte", () => expect(kinds(fakeBip38(1, 0x44))).toEqual([]));
});

describe("raw hex private keys need a key context", () => {
  const h = hex(fakeBytes(32, 1234));
  const cases: ReadonlyArray<readonly [string, string, boolean]> = [
    ["private_key assignment", `private_key = "${h}"`, true],
    ["PRIVATE_KEY env with 0x", `PRIVATE_KEY=0x${h}`, true],
    ["privkey JSON", `{"privKey": "${h}"}`, true],
    ["secret key", `secret key: ${h}`, true],
    ["signing key", `SIGNING_KEY=${h}`, true],
    ["sk", `sk: ${h}`, true],
    ["0x value after 'key'", `key: 0x${h}`, true],
    ["0x value after 'wallet'", `wallet => 0x${h}`, true],
    ["YAML value on the next line", `private_key:\n  "${h}"`, true],
    ["bare 64 hex", h, false],
    ["bare 0x + 64 hex (a tx hash looks the same)", `0x${h}`, false],
    ["plain 'key' without 0x", `key: ${h}`, false],
    ["sha256", `sha256: ${h}`, false],
    ["Cargo.lock checksum", `[[package]]\nname = "privkey-utils"\nversion = "1.0.0"\nchecksum = "${h}"`, false],
    ["hash of a private key", `private key hash: ${h}`, false],
    ["public key", `public key: 0x${h}`, false],
    ["tx hash", `tx: 0x${h}`, false],
    ["integrity", `private: false, integrity: ${h}`, false],
    ["placeholder repeat", `private_key = "${"0123456789abcdef".repeat(4)}"`, false],
    ["all zeros", `private_key = 0x${"0".repeat(64)}`, false],
    ["63 hex digits", `private_key = "${h.slice(1)}"`, false],
    ["65 hex digits", `private_key = "${h}a"`, false],
    ["git SHA (40 hex)", `private_key_commit ${h.slice(0, 40)}`, false],
    ["context on an earlier line", `private_key: see below\n\nchecksum list\n${h}`, false],
  ];
  for (const [name, text, expected] of cases) {
    test(`${name} → ${expected}`, () => expect(kinds(text)).toEqual(expected ? ["hex_private_key"] : []));
  }
});

describe("bounds", () => {
  test("at most MAX_KEY_MATCHES keys per text", () => {
    const text = Array.from({ length: 40 }, (_, i) => fakeWif(i + 10, true)).join("\n");
    expect(findPrivateKeys(text).length).toBe(16);
  });
  test("offsets point at the key", () => {
    const key = fakeWif(9, false);
    const text = `wif: ${key} end`;
    const m = findPrivateKeys(text)[0]!;
    expect(text.slice(m.start, m.end)).toBe(key);
  });
});
