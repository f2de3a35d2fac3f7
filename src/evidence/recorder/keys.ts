/**
 * @module Ed25519 keys for recorder checkpoints (ecosystem §5.4). `pipelock keygen` writes the
 * private key as PKCS#8 PEM (mode 0600) and the public key as SPKI PEM, so `openssl pkey` reads
 * both. Loading also accepts 64 hex characters (seed or public key) and the reference's
 * `pipelock-ed25519-{private,public}-v1` text form. A private key file readable by group-write,
 * exec or others is refused.
 */
import { statSync, readFileSync } from "node:fs";
import * as ed from "@noble/ed25519";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";

// noble needs a synchronous SHA-512 for sign/verify (also set in src/rules; setting twice is harmless).
ed.hashes.sha512 = sha512;

const PKCS8_PREFIX = hexToBytes("302e020100300506032b657004220420");
const SPKI_PREFIX = hexToBytes("302a300506032b6570032100");
/** Largest key file read (a key is well under 1 KiB; anything bigger is not a key). */
const MAX_KEY_FILE_BYTES = 16 * 1024;

export interface SigningKey {
  /** 32-byte seed. */
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  /** `sha256:<hex of SHA-256 of the raw public key>`. */
  readonly keyId: string;
}

export interface GeneratedKey {
  readonly privatePem: string;
  readonly publicPem: string;
  readonly publicHex: string;
  readonly keyId: string;
}

export function keyIdOf(publicKey: Uint8Array): string {
  return `sha256:${bytesToHex(sha256(publicKey))}`;
}

export function generateSigningKey(): GeneratedKey {
  const { secretKey, publicKey } = ed.keygen();
  return {
    privatePem: pem("PRIVATE KEY", concat(PKCS8_PREFIX, secretKey)),
    publicPem: pem("PUBLIC KEY", concat(SPKI_PREFIX, publicKey)),
    publicHex: bytesToHex(publicKey),
    keyId: keyIdOf(publicKey),
  };
}

/** Load a private key file. @throws Error naming the file and the problem. */
export function loadSigningKey(path: string): SigningKey {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw new Error(`signing key ${path}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : (err as Error).message}`);
  }
  if (!st.isFile() || st.size > MAX_KEY_FILE_BYTES) throw new Error(`signing key ${path}: not a key file`);
  if ((st.mode & 0o037) !== 0) throw new Error(`signing key ${path}: mode ${(st.mode & 0o777).toString(8)} is too open (use chmod 600)`);
  const seed = parsePrivateKey(readFileSync(path, "utf8"));
  if (!seed) throw new Error(`signing key ${path}: not an Ed25519 private key (PKCS#8 PEM, 64 hex characters or pipelock-ed25519-private-v1)`);
  const publicKey = ed.getPublicKey(seed);
  return { seed, publicKey, keyId: keyIdOf(publicKey) };
}

/** A public key from text: SPKI PEM, 64 hex, or the reference text form; undefined if none. */
export function parsePublicKey(text: string): Uint8Array | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return hexToBytes(t.toLowerCase());
  const der = pemBody(t, "PUBLIC KEY");
  if (der && der.length === 44 && startsWith(der, SPKI_PREFIX)) return der.slice(12);
  const ref = /^pipelock-ed25519-public-v1\s+([A-Za-z0-9+/=]+)$/.exec(t);
  if (ref) {
    const raw = Buffer.from(ref[1]!, "base64");
    if (raw.length === 32) return new Uint8Array(raw);
  }
  return undefined;
}

/** `--key` argument: a file holding a public key, or the key itself as 64 hex characters. */
export function readPublicKeyArg(arg: string): Uint8Array {
  const direct = parsePublicKey(arg);
  if (direct) return direct;
  let text: string;
  try {
    if (statSync(arg).size > MAX_KEY_FILE_BYTES) throw new Error("too large");
    text = readFileSync(arg, "utf8");
  } catch (err) {
    throw new Error(`public key ${arg}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "not found (give a .pub file or 64 hex characters)" : (err as Error).message}`);
  }
  const key = parsePublicKey(text);
  if (!key && parsePrivateKey(text)) throw new Error(`public key ${arg}: this is a private key; give the .pub file`);
  if (!key) throw new Error(`public key ${arg}: not an Ed25519 public key (SPKI PEM, 64 hex characters or pipelock-ed25519-public-v1)`);
  return key;
}

export function signMessage(message: Uint8Array, key: SigningKey): string {
  return bytesToHex(ed.sign(message, key.seed));
}

/** Strict RFC 8032 verification; malformed input is false. */
export function verifyMessage(message: Uint8Array, signatureHex: string, publicKey: Uint8Array): boolean {
  if (!/^[0-9a-f]{128}$/.test(signatureHex)) return false;
  try {
    return ed.verify(hexToBytes(signatureHex), message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

function parsePrivateKey(text: string): Uint8Array | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return hexToBytes(t.toLowerCase());
  const der = pemBody(t, "PRIVATE KEY");
  if (der && der.length === 48 && startsWith(der, PKCS8_PREFIX)) return der.slice(16);
  const ref = /^pipelock-ed25519-private-v1\s+([A-Za-z0-9+/=]+)$/.exec(t);
  if (ref) {
    const raw = Buffer.from(ref[1]!, "base64");
    if (raw.length === 64 || raw.length === 32) return new Uint8Array(raw.subarray(0, 32));
  }
  return undefined;
}

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)!.join("\n")}\n-----END ${label}-----\n`;
}

function pemBody(text: string, label: string): Uint8Array | undefined {
  const m = new RegExp(`^-----BEGIN ${label}-----\\s+([A-Za-z0-9+/=\\s]+?)\\s+-----END ${label}-----$`).exec(text);
  return m ? new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")) : undefined;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  return prefix.every((b, i) => data[i] === b);
}
