/**
 * @module Discord token check: a Discord bot or user token is three base64url segments, and the
 * first is the account's numeric id (a "snowflake", 17–20 decimal digits) in base64. Random dotted
 * base64 of the same shape almost never decodes to digits only, so a bare token needs no `discord`
 * nearby to be told apart.
 */
import { base64UrlToText } from "./base64url.ts";

/** Shortest and longest snowflake in decimal digits (2015 ids have 17; a 64-bit id has at most 20). */
const MIN_DIGITS = 17;
const MAX_DIGITS = 20;

/** True when the first dot-separated segment of `candidate` is a base64url-encoded snowflake. */
export function isDiscordSnowflake(candidate: string): boolean {
  const first = candidate.split(".", 1)[0] ?? "";
  if (first.length < 20 || first.length > 32 || !/^[A-Za-z0-9_-]+=*$/.test(first)) return false;
  const decoded = base64UrlToText(first.replace(/=+$/, ""));
  return decoded !== undefined && decoded.length >= MIN_DIGITS && decoded.length <= MAX_DIGITS && /^[1-9][0-9]+$/.test(decoded);
}
