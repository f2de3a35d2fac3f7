/**
 * @module JWT shape check: the header segment must base64url-decode to a JSON object that names
 * an `alg`, which rules out look-alike dotted base64 (`eyJ…` blobs that are not tokens).
 */

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

function base64UrlToText(b64url: string): string | undefined {
  if (b64url.length % 4 === 1) return undefined;
  try {
    const binary = atob(b64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (b64url.length % 4)) % 4));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
