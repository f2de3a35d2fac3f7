/**
 * @module Character classes shared by the crypto scanner's single pass over a text: letters (seed
 * words), alphanumerics (keys, addresses), the base64/base64url alphabet and hex digits (encoded
 * blobs). Non-ASCII characters are letters unless they are spaces or punctuation.
 */

export const LETTER = 1;
export const ALNUM = 2;
export const BASE64 = 4;
export const HEX = 8;

/** Classes of the ASCII code units. */
export const ASCII_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (let c = 0x30; c <= 0x39; c++) t[c] = ALNUM | BASE64 | HEX;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = LETTER | ALNUM | BASE64 | (c <= 0x46 ? HEX : 0);
  for (let c = 0x61; c <= 0x7a; c++) t[c] = LETTER | ALNUM | BASE64 | (c <= 0x66 ? HEX : 0);
  for (const ch of "+/-_") t[ch.charCodeAt(0)] = BASE64;
  return t;
})();

/** Non-ASCII code units that separate words: spaces and punctuation blocks. */
export function isNonAsciiSeparator(code: number): boolean {
  return (
    (code >= 0x80 && code <= 0xbf) || code === 0xd7 || code === 0xf7 ||
    code === 0x1680 || (code >= 0x2000 && code <= 0x206f) || (code >= 0x2e00 && code <= 0x2e7f) ||
    (code >= 0x3000 && code <= 0x3003) || (code >= 0x3008 && code <= 0x3020) || code === 0x30fb ||
    (code >= 0xfe10 && code <= 0xfe6f) || code === 0xfeff ||
    (code >= 0xff01 && code <= 0xff20) || (code >= 0xff3b && code <= 0xff40) || (code >= 0xff5b && code <= 0xff65)
  );
}

/** Class of any UTF-16 code unit. */
export function classOf(code: number): number {
  if (code < 0x80) return ASCII_CLASS[code]!;
  return isNonAsciiSeparator(code) ? 0 : LETTER;
}
