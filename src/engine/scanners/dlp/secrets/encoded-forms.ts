/**
 * @module The forms a value is searched in without decoding anything: itself, lower-case hex (the
 * search ignores case, so upper-case hex is covered) plain or with `:`/`-`/`\x` per byte, and base64 /
 * base64url / base32 of the value at every byte alignment. A value inside a larger encoded blob is
 * encoded differently depending on where it starts (base64 works in 3-byte groups, base32 in 5), so
 * for each start offset only the groups made wholly of the value's bytes are kept; padding and the
 * unpadded variants are then substrings of these.
 */
import { encodeBase32, encodeBase64, encodeHex } from "../../../normalize/codecs/index.ts";

export interface EncodedForm {
  readonly text: string;
  readonly encoding: string;
  /** Must match with the exact case (base64); otherwise case is ignored. */
  readonly exactCase: boolean;
}

/** Encoded forms shorter than this are dropped (too likely to occur by chance). */
export const MIN_FORM_CHARS = 8;

const utf8 = new TextEncoder();

/** Every encoded form of `value` (the literal itself is not included). */
export function encodedForms(value: string): EncodedForm[] {
  const bytes = utf8.encode(value);
  const forms: EncodedForm[] = [];
  const add = (text: string, encoding: string, exactCase: boolean) => {
    if (text.length >= MIN_FORM_CHARS && !forms.some((f) => f.text === text)) forms.push({ text, encoding, exactCase });
  };
  add(encodeHex(bytes), "hex", false);
  add(encodeHex(bytes, ":"), "hex", false);
  add(encodeHex(bytes, "-"), "hex", false);
  add(encodeHex(bytes, "", "\\x"), "hex", false);
  for (let offset = 0; offset < 3; offset++) {
    const groups = Math.floor((bytes.length - offset) / 3);
    if (groups <= 0) continue;
    const std = encodeBase64(bytes.subarray(offset, offset + groups * 3));
    add(std, "base64", true);
    add(std.replace(/\+/g, "-").replace(/\//g, "_"), "base64", true);
  }
  for (let offset = 0; offset < 5; offset++) {
    const groups = Math.floor((bytes.length - offset) / 5);
    if (groups <= 0) continue;
    add(encodeBase32(bytes.subarray(offset, offset + groups * 5)), "base32", false);
  }
  return forms;
}
