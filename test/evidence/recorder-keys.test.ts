import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bytesToHex } from "@noble/hashes/utils.js";
import { generateSigningKey, keyIdOf, loadSigningKey, parsePublicKey, readPublicKeyArg, sha256Hex, sha256HexNoble, signMessage, verifyMessage } from "../../src/evidence/index.ts";
import { tmp } from "./_fixtures.ts";

describe("recorder keys", () => {
  test("PEM key pair round-trips and signs verifiably", () => {
    const dir = tmp();
    const g = generateSigningKey();
    writeFileSync(join(dir, "k"), g.privatePem, { mode: 0o600 });
    const key = loadSigningKey(join(dir, "k"));
    expect(bytesToHex(key.publicKey)).toBe(g.publicHex);
    expect(key.keyId).toBe(g.keyId);
    expect(parsePublicKey(g.publicPem)).toEqual(key.publicKey);
    const msg = new TextEncoder().encode("hello");
    const sig = signMessage(msg, key);
    expect(verifyMessage(msg, sig, key.publicKey)).toBe(true);
    expect(verifyMessage(new TextEncoder().encode("hellO"), sig, key.publicKey)).toBe(false);
    expect(verifyMessage(msg, "00".repeat(64), key.publicKey)).toBe(false);
    expect(verifyMessage(msg, "nothex", key.publicKey)).toBe(false);
  });

  test("openssl reads the keys pipelock writes", () => {
    const dir = tmp();
    const g = generateSigningKey();
    writeFileSync(join(dir, "k.key"), g.privatePem, { mode: 0o600 });
    writeFileSync(join(dir, "k.pub"), g.publicPem);
    const derived = spawnSync("openssl", ["pkey", "-in", join(dir, "k.key"), "-pubout"], { encoding: "utf8" });
    expect(derived.status).toBe(0);
    expect(derived.stdout.trim()).toBe(g.publicPem.trim());
  });

  test.each([
    ["hex", (g: ReturnType<typeof generateSigningKey>) => g.publicHex],
    ["PEM", (g: ReturnType<typeof generateSigningKey>) => g.publicPem],
    ["reference text form", (g: ReturnType<typeof generateSigningKey>) => `pipelock-ed25519-public-v1\n${Buffer.from(g.publicHex, "hex").toString("base64")}\n`],
  ])("public key accepted as %s", (_n, encode) => {
    const g = generateSigningKey();
    expect(bytesToHex(parsePublicKey(encode(g))!)).toBe(g.publicHex);
  });

  test("--key takes a file or 64 hex characters, and refuses a private key file", () => {
    const dir = tmp();
    const g = generateSigningKey();
    writeFileSync(join(dir, "k.pub"), g.publicPem);
    writeFileSync(join(dir, "k.key"), g.privatePem, { mode: 0o600 });
    expect(bytesToHex(readPublicKeyArg(join(dir, "k.pub")))).toBe(g.publicHex);
    expect(bytesToHex(readPublicKeyArg(g.publicHex))).toBe(g.publicHex);
    expect(() => readPublicKeyArg(join(dir, "k.key"))).toThrow(/private key/);
    expect(() => readPublicKeyArg(join(dir, "missing.pub"))).toThrow(/not found/);
  });

  test.each([0o644, 0o620, 0o604, 0o660, 0o610])("a private key with mode %o is refused", (mode) => {
    const dir = tmp();
    const p = join(dir, "k");
    writeFileSync(p, generateSigningKey().privatePem);
    chmodSync(p, mode);
    expect(() => loadSigningKey(p)).toThrow(/too open/);
  });

  test("0640 and 0600 are accepted; garbage is not a key", () => {
    const dir = tmp();
    const p = join(dir, "k");
    writeFileSync(p, generateSigningKey().privatePem);
    chmodSync(p, 0o640);
    expect(loadSigningKey(p).seed.length).toBe(32);
    writeFileSync(p, "not a key\n");
    chmodSync(p, 0o600);
    expect(() => loadSigningKey(p)).toThrow(/not an Ed25519 private key/);
  });

  test("key id is sha256 of the raw public key", () => {
    const pub = new Uint8Array(32).fill(7);
    expect(keyIdOf(pub)).toBe(`sha256:${new Bun.CryptoHasher("sha256").update(pub).digest("hex")}`);
  });

  test("native and noble SHA-256 agree on every input shape", () => {
    const inputs = ["", "a", "€uro ✓ 😀", "x".repeat(20_000), '{"detail":"\\u0000"}', ...Array.from({ length: 50 }, (_, i) => String.fromCharCode(...Array.from({ length: i * 7 }, (_, j) => 32 + ((i * 31 + j * 17) % 0x2fff))))];
    for (const s of inputs) expect(sha256Hex(s)).toBe(sha256HexNoble(s));
  });
});
