/**
 * @module JWT shape check: the header segment must base64url-decode to a JSON object that names
 * an `alg`, which rules out look-alike dotted base64 (`eyJ…` blobs that are not tokens).
 */
import { base64UrlToText } from "./base64url.ts";

/** True when the first dot-separated segment of `candidate` is a JWT/JWS header. */
export function isValidJwt(candidate: string): boolean {
  const header = candidate.split(".", 1)[0] ?? "";
  if (header.length < 8 || header.length > 2048 || !/^[A-Za-z0-9_-]+=*$/.test(header)) return false;
  const json = base64UrlToText(header.replace(/=+$/, ""));
  if (json === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && typeof (parsed as { alg?: unknown }).alg === "string";
  } catch {
    return false;
  }
}
