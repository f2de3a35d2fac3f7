import { describe, expect, test } from "bun:test";
import { generateKeyPair, publicKeyOf, signBytes, verifyBytes } from "../../src/rules/index.ts";

const data = new TextEncoder().encode("name: p\nversion: 1.0.0\n");

describe("pack signatures", () => {
  const pair = generateKeyPair();
  const sig = signBytes(data, pair.secretKeyHex);

  test("a signature verifies with the signer's public key", () => {
    expect(publicKeyOf(pair.secretKeyHex)).toBe(pair.publicKeyHex);
    expect(verifyBytes(data, sig, pair.publicKeyHex)).toBe(true);
  });

  test("one changed byte breaks it", () => {
    const tampered = data.slice();
    tampered[3] = tampered[3]! ^ 1;
    expect(verifyBytes(tampered, sig, pair.publicKeyHex)).toBe(false);
  });

  test("another key does not verify it", () => {
    expect(verifyBytes(data, sig, generateKeyPair().publicKeyHex)).toBe(false);
  });

  test.each([["empty", ""], ["short", "abcd"], ["not hex", "zz".repeat(64)], ["flipped", sig.replace(/^./, (c) => (c === "0" ? "1" : "0"))]])(
    "a %s signature is rejected, not thrown",
    (_n, bad) => {
      expect(verifyBytes(data, bad, pair.publicKeyHex)).toBe(false);
    },
  );

  test("RFC 8032 test vector 1 (empty message) verifies", () => {
    const pub = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const sigHex = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    expect(verifyBytes(new Uint8Array(0), sigHex, pub)).toBe(true);
    expect(publicKeyOf("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")).toBe(pub);
  });
});
