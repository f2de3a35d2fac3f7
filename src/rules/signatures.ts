/**
 * @module Detached Ed25519 signatures over a pack file's exact bytes (`pack.yaml.sig`).
 * Key files: the secret key is 64 hex characters (32-byte seed) in a 0600 file; the public key is
 * 64 hex characters. A signature file holds the 64-byte signature as 128 hex characters.
 */
import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";

// Wired once, here: noble needs a synchronous SHA-512 for sign/verify.
ed.hashes.sha512 = sha512;

export interface KeyPair {
  readonly secretKeyHex: string;
  readonly publicKeyHex: string;
}

/** A fresh signing key pair from the platform CSPRNG. */
export function generateKeyPair(): KeyPair {
  const { secretKey, publicKey } = ed.keygen();
  return { secretKeyHex: bytesToHex(secretKey), publicKeyHex: bytesToHex(publicKey) };
}

/** Public key (hex) for a secret key (hex). @throws TypeError on a malformed key. */
export function publicKeyOf(secretKeyHex: string): string {
  return bytesToHex(ed.getPublicKey(parseHex(secretKeyHex, 32, "secret key")));
}

/** Sign `data`; returns the signature as hex. @throws TypeError on a malformed key. */
export function signBytes(data: Uint8Array, secretKeyHex: string): string {
  return bytesToHex(ed.sign(data, parseHex(secretKeyHex, 32, "secret key")));
}

/**
 * Verify a hex signature over `data`. Strict RFC 8032 verification (`zip215: false`): we only
 * ever check signatures our own tool made, so the permissive ZIP-215 edge cases buy nothing.
 * Malformed input is simply `false`.
 */
export function verifyBytes(data: Uint8Array, signatureHex: string, publicKeyHex: string): boolean {
  try {
    const sig = parseHex(signatureHex.trim(), 64, "signature");
    const pub = parseHex(publicKeyHex.trim(), 32, "public key");
    return ed.verify(sig, data, pub, { zip215: false });
  } catch {
    return false;
  }
}

function parseHex(hex: string, bytes: number, what: string): Uint8Array {
  const clean = hex.trim();
  if (!new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(clean)) throw new TypeError(`${what} must be ${bytes * 2} hex characters`);
  return hexToBytes(clean.toLowerCase());
}
