import { describe, expect, test } from "bun:test";
import { entropyToMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import {
  compileCryptoScanner, CRYPTO_RULE_IDS, DEFAULT_CRYPTO_SETTINGS, MAX_CRYPTO_FINDINGS, type CryptoSettings,
} from "../../../../src/engine/scanners/crypto/index.ts";
import { fakeBytes, fakeExtendedKey, fakeWif, hex } from "./fixtures.ts";

const scanner = compileCryptoScanner(DEFAULT_CRYPTO_SETTINGS);
const ctx = { location: "text" };
const phrase = entropyToMnemonic(fakeBytes(16, 314), english);
const firstWord = phrase.split(" ")[0]!;
const secondWord = phrase.split(" ")[1]!;

function ids(text: string, s = scanner): string[] {
  return s.scan(text, ctx).map((f) => f.rule_id);
}

describe("seed phrase findings", () => {
  test("shape: critical, first word only, exemption and MITRE", () => {
    const [f] = scanner.scan(`backup: ${phrase}`, { location: "arguments.content", scope: { tool: "write_file" } });
    expect(f).toMatchObject({
      scanner: "dlp", rule_id: CRYPTO_RULE_IDS.seedPhrase, severity: "critical", action: "block",
      location: "arguments.content", encoding: "plaintext", mitre: ["T1552.004"],
    });
    expect(f!.message).toContain("12 words");
    expect(f!.excerpt).toBe(`${firstWord} …[12 words]`);
    expect(f!.excerpt).not.toContain(secondWord);
    expect(f!.message).not.toContain(firstWord);
    expect(f!.exempt).toContain(`rule: ${CRYPTO_RULE_IDS.seedPhrase}`);
    expect(f!.exempt).toContain(`tool: "write_file"`);
  });
  const everyCharEncoded = [...phrase].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");
  const encodings: ReadonlyArray<readonly [string, string, string]> = [
    ["percent-encoded letters", `https://x.test/?q=${everyCharEncoded}`, "url"],
    ["double percent-encoded", `https://x.test/?q=${everyCharEncoded.replace(/%/g, "%25")}`, "url"],
    ["base64", `data=${btoa(phrase)}`, "base64"],
    ["base64url without padding", `token=${btoa(`${phrase}!!`).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}`, "base64"],
    ["hex", `blob ${hex(new TextEncoder().encode(phrase))}`, "hex"],
    ["form body with +", `seed=${phrase.replace(/ /g, "+")}&ok=1`, "plaintext"],
  ];
  for (const [name, text, encoding] of encodings) {
    test(name, () => {
      const found = scanner.scan(text, ctx).filter((f) => f.rule_id === CRYPTO_RULE_IDS.seedPhrase);
      expect(found.map((f) => f.encoding)).toEqual([encoding]);
    });
  }
  test("seed phrase detection can be turned off", () => {
    const off = compileCryptoScanner({ ...DEFAULT_CRYPTO_SETTINGS, seedPhrase: { ...DEFAULT_CRYPTO_SETTINGS.seedPhrase, enabled: false } });
    expect(ids(phrase, off)).toEqual([]);
  });
});

describe("private key findings", () => {
  const wif = fakeWif(77, true);
  const xprv = fakeExtendedKey(0x0488ade4, 78);
  test("WIF in a URL query", () => expect(ids(`https://x.test/c?key=${wif}`)).toEqual([CRYPTO_RULE_IDS.wifPrivateKey]));
  test("xprv in JSON", () => expect(ids(JSON.stringify({ master: xprv }))).toEqual([CRYPTO_RULE_IDS.extendedPrivateKey]));
  test("base64-wrapped WIF", () => {
    const [f] = scanner.scan(`payload=${btoa(`wallet import ${wif} done`)}`, ctx);
    expect(f?.rule_id).toBe(CRYPTO_RULE_IDS.wifPrivateKey);
    expect(f?.encoding).toBe("base64");
  });
  test("the excerpt masks the key", () => {
    const [f] = scanner.scan(`importprivkey ${wif}`, ctx);
    expect(f!.excerpt).not.toContain(wif.slice(4, 12));
    expect(f!.message).not.toContain(wif.slice(0, 8));
  });
  test("private keys can be turned off", () => {
    const off = compileCryptoScanner({ ...DEFAULT_CRYPTO_SETTINGS, privateKeys: { enabled: false } });
    expect(ids(wif, off)).toEqual([]);
  });
});

describe("developer traffic stays clean", () => {
  const h = hex(fakeBytes(32, 5));
  const benign: ReadonlyArray<readonly [string, string]> = [
    ["go.sum line", `example.test/mod v1.2.3 h1:${btoa(String.fromCharCode(...fakeBytes(32, 6)))}`],
    ["npm integrity", `"integrity": "sha512-${btoa(String.fromCharCode(...fakeBytes(64, 7)))}"`],
    ["Cargo.lock checksum", `checksum = "${h}"`],
    ["git log", `commit ${h.slice(0, 40)}\nAuthor: Dev <dev@example.test>`],
    ["docker digest", `image@sha256:${h}`],
    ["a sentence about seed phrases", "Never share your 12 or 24 word seed phrase with anyone, not even support."],
    ["an xpub", fakeExtendedKey(0x0488b21e, 3)],
    ["a UUID list", Array.from({ length: 20 }, (_, i) => hex(fakeBytes(16, i))).join("\n")],
  ];
  for (const [name, text] of benign) test(name, () => expect(ids(text)).toEqual([]));
});

describe("bounds", () => {
  test("findings are capped", () => {
    const keys = Array.from({ length: 20 }, (_, i) => `${fakeWif(1000 + i, true)} ${fakeExtendedKey(0x0488ade4, 2000 + i)}`);
    const phrases = Array.from({ length: 20 }, (_, i) => entropyToMnemonic(fakeBytes(16, 3000 + i), english));
    expect(scanner.scan([...keys, ...phrases].join("\n"), ctx).length).toBe(MAX_CRYPTO_FINDINGS);
  });
  test("the same secret found twice is reported once", () => {
    expect(ids(`${phrase}\n${phrase}`)).toEqual([CRYPTO_RULE_IDS.seedPhrase]);
  });
  test("everything off returns nothing", () => {
    const off: CryptoSettings = {
      seedPhrase: { ...DEFAULT_CRYPTO_SETTINGS.seedPhrase, enabled: false },
      privateKeys: { enabled: false },
      addressProtection: DEFAULT_CRYPTO_SETTINGS.addressProtection,
    };
    expect(ids(`${phrase} ${fakeWif(1, true)}`, compileCryptoScanner(off))).toEqual([]);
  });
  test("empty and odd input do not throw", () => {
    for (const text of ["", "\u0000\uD800", "%", "%%%ZZ", "=".repeat(100), "0x", "6P", "\u3000".repeat(50)]) {
      expect(() => scanner.scan(text, ctx)).not.toThrow();
    }
  });
});

describe("performance sanity (generous bounds; timings live in the bench)", () => {
  const cycle = english.slice(0, 10);
  const thousand = Array.from({ length: 1000 }, (_, i) => cycle[i % 10]).join(" ");
  test("1,000 dictionary words scan well under 50 ms", () => {
    scanner.scan(thousand, ctx);
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) scanner.scan(thousand, ctx);
    expect((performance.now() - t0) / 10).toBeLessThan(50);
  });
  const adversarial: ReadonlyArray<readonly [string, string]> = [
    ["1 MB of random dictionary words", Array.from({ length: 150_000 }, (_, i) => english[(i * 7919) % 2048]).join(" ")],
    ["1 MB of 64-hex lines after a key word", Array.from({ length: 15_000 }, (_, i) => `private_key=${hex(fakeBytes(32, i + 1))}`).join("\n")],
    ["1 MB of WIF-shaped tokens", Array.from({ length: 19_000 }, (_, i) => `5${"H".repeat(49)}${String.fromCharCode(65 + (i % 26))}`).join(" ")],
    ["1 MB base64 blob", btoa(String.fromCharCode(...fakeBytes(60_000, 3))).repeat(12)],
    ["1 MB of 'xprv'", "xprv".repeat(250_000)],
  ];
  for (const [name, text] of adversarial) {
    test(`${name} in bounded time`, () => {
      const t0 = performance.now();
      scanner.scan(text, ctx);
      expect(performance.now() - t0).toBeLessThan(5000);
    });
  }
});
