/**
 * @module base64url (or base64) text decoding for the validators that read inside a token (JWT
 * headers, Discord ids): padding optional, `undefined` for anything that is not valid base64 of
 * UTF-8 text. Never throws.
 */

/** The UTF-8 text `b64url` encodes, or undefined. */
export function base64UrlToText(b64url: string): string | undefined {
  if (b64url.length % 4 === 1) return undefined;
  try {
    const binary = atob(b64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (b64url.length % 4)) % 4));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
