/**
 * @module Bearer token check: the presented token's SHA-256 digest is compared against the
 * digest of EVERY configured token with a branch-free loop, so neither which token matched,
 * how long a common prefix is, nor how long the tokens are shows up in the timing.
 *
 * JavaScript only gives best-effort constant time: the JIT, the garbage collector and the
 * string → bytes encoding are outside our control. Hashing first at least removes length and
 * prefix from what the comparison touches.
 */
import { createHash } from "node:crypto";

const DIGEST_BYTES = 32;
const BEARER_PREFIX = "bearer ";

/** Configured tokens' digests, computed once per tokens array (settings are swapped, not mutated). */
const digestCache = new WeakMap<readonly string[], readonly Uint8Array[]>();

function sha256(token: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(token, "utf8").digest());
}

function configuredDigests(tokens: readonly string[]): readonly Uint8Array[] {
  let digests = digestCache.get(tokens);
  if (digests === undefined) {
    // An empty configured token never authenticates anyone.
    digests = tokens.filter((t) => t.length > 0).map(sha256);
    digestCache.set(tokens, digests);
  }
  return digests;
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or undefined. */
export function extractBearerToken(header: string | null): string | undefined {
  if (header === null || header.length <= BEARER_PREFIX.length) return undefined;
  if (header.slice(0, BEARER_PREFIX.length).toLowerCase() !== BEARER_PREFIX) return undefined;
  const token = header.slice(BEARER_PREFIX.length);
  return token.trim().length === 0 ? undefined : token;
}

/** 1 when the two digests are equal, else 0; touches every byte whatever the input. */
function digestsEqual(a: Uint8Array, b: Uint8Array): number {
  let diff = 0;
  for (let i = 0; i < DIGEST_BYTES; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  // diff is 0..255: (diff - 1) >>> 31 is 1 exactly when diff is 0.
  return ((diff - 1) >>> 31) & 1;
}

/**
 * The identity of the configured token that `presented` equals (a digest, usable as a
 * rate-limit key and never the token itself), or undefined. Compares against every token.
 */
export function authenticate(presented: string | undefined, tokens: readonly string[]): string | undefined {
  if (presented === undefined) return undefined;
  const digests = configuredDigests(tokens);
  const candidate = sha256(presented);
  let matched = 0;
  let matchedIndex = 0;
  for (let i = 0; i < digests.length; i++) {
    const equal = digestsEqual(candidate, digests[i] as Uint8Array);
    matched |= equal;
    matchedIndex = equal === 1 ? i : matchedIndex;
  }
  if (matched !== 1) return undefined;
  return Buffer.from(digests[matchedIndex] as Uint8Array).toString("base64");
}
