/**
 * @module Key pairs for the interception CA and its leaves (node:crypto): ECDSA P-256 by default,
 * RSA optional; the signature algorithm that goes with a key; the subjectKeyIdentifier of a key.
 */
import { createHash, generateKeyPair, generateKeyPairSync, type KeyObject } from "node:crypto";
import { children, contents, readTlv } from "./der-read.ts";
import { nullValue, oid, sequence } from "./der.ts";

export const KEY_TYPES = ["ecdsa", "rsa"] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** RSA modulus size for generated keys. */
export const RSA_MODULUS_BITS = 2048;
/** ECDSA curve for generated keys. */
export const EC_CURVE = "P-256";

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** Generate a key pair synchronously (the CA, once). */
export function generateKeyPairNow(type: KeyType): KeyPair {
  return type === "rsa" ? generateKeyPairSync("rsa", { modulusLength: RSA_MODULUS_BITS }) : generateKeyPairSync("ec", { namedCurve: EC_CURVE });
}

/** Generate a key pair without blocking the event loop (leaves, on demand). */
export function generateKeyPairAsync(type: KeyType): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject) => (err ? reject(err) : resolve({ publicKey, privateKey }));
    if (type === "rsa") generateKeyPair("rsa", { modulusLength: RSA_MODULUS_BITS }, done);
    else generateKeyPair("ec", { namedCurve: EC_CURVE }, done);
  });
}

/** How a key signs certificates: the hash for crypto.sign and the AlgorithmIdentifier DER. */
export interface SignatureAlgorithm {
  readonly hash: "sha256" | "sha384" | "sha512";
  readonly identifier: Uint8Array;
}

const EC_HASH_BY_CURVE: Readonly<Record<string, { hash: SignatureAlgorithm["hash"]; oid: string }>> = {
  prime256v1: { hash: "sha256", oid: "1.2.840.10045.4.3.2" },
  "P-256": { hash: "sha256", oid: "1.2.840.10045.4.3.2" },
  secp384r1: { hash: "sha384", oid: "1.2.840.10045.4.3.3" },
  "P-384": { hash: "sha384", oid: "1.2.840.10045.4.3.3" },
  secp521r1: { hash: "sha512", oid: "1.2.840.10045.4.3.4" },
  "P-521": { hash: "sha512", oid: "1.2.840.10045.4.3.4" },
};

/** The signature algorithm for a signing key. @throws for key types a CA cannot use here. */
export function signatureAlgorithmFor(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === "rsa") return { hash: "sha256", identifier: sequence(oid("1.2.840.113549.1.1.11"), nullValue()) };
  if (key.asymmetricKeyType === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? "";
    const alg = EC_HASH_BY_CURVE[curve];
    if (alg) return { hash: alg.hash, identifier: sequence(oid(alg.oid)) };
    throw new Error(`unsupported EC curve for a CA key: ${curve || "unknown"}`);
  }
  throw new Error(`unsupported CA key type: ${key.asymmetricKeyType ?? "unknown"} (use ECDSA or RSA)`);
}

/** The key type of a private key, for issuing leaves of the same family. */
export function keyTypeOf(key: KeyObject): KeyType {
  return key.asymmetricKeyType === "rsa" ? "rsa" : "ecdsa";
}

/** DER SubjectPublicKeyInfo of a public (or private) key. */
export function spkiDer(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ type: "spki", format: "der" }));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifier(spki: Uint8Array): Uint8Array {
  const top = readTlv(spki, 0);
  const bits = children(spki, top)[1];
  if (!bits || bits.tag !== 0x03) throw new Error("SubjectPublicKeyInfo has no public key bits");
  return new Uint8Array(createHash("sha1").update(contents(spki, bits).subarray(1)).digest());
}
