/**
 * @module Fake credentials for the DLP tests, built at run time from a seeded generator so that this
 * directory holds no string a secret scanner would flag. None of them is or was a real credential.
 */
import { policyFrom } from "../../../helpers/policy.ts";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const BASE32 = `${UPPER}234567`;
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz0123456789`;

/** Deterministic pseudo-random string over `alphabet` (xorshift32). */
export function fakeChars(seed: number, length: number, alphabet = ALNUM): string {
  let x = seed >>> 0 || 1;
  let out = "";
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}

/** An AWS access key id shape (`AKIA` + 16 base32 characters). */
export const FAKE_AWS_ID = ["AK", "IA", fakeChars(11, 16, BASE32)].join("");
/** A GitHub classic token shape. */
export const FAKE_GITHUB = ["gh", "p_", fakeChars(23, 36)].join("");
/** An Anthropic API key shape. */
export const FAKE_ANTHROPIC = ["sk-", "ant-", "api03-", fakeChars(37, 93), "AA"].join("");

/** The built-in DLP rule set, as `scan()` uses it. */
export const DLP_RULES = policyFrom().dlp;

export const utf8 = (s: string) => new TextEncoder().encode(s);
export const b64 = (s: string) => utf8(s).toBase64();
export const b64url = (s: string) => utf8(s).toBase64({ alphabet: "base64url", omitPadding: true });
export const hex = (s: string) => utf8(s).toHex();
export const hexBytes = (s: string) => hex(s).match(/../g)!;
