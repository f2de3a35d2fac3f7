/**
 * @module Decoded bytes become text to rescan only when they are text: valid UTF-8 and mostly
 * printable. Bytes that are not (an image, a hash, a compressed blob, or a random string that merely
 * fits an encoding alphabet) still give up their printable ASCII stretches, like `strings(1)`, so a
 * secret wrapped in binary framing is not lost ({@link textsFromBytes}, for DLP). Scanners with a
 * stricter idea of text (a seed phrase, an injected instruction) use {@link utf8Text} and
 * {@link controlCharCount} with their own thresholds.
 */

/** Share of printable characters a decoding needs to be rescanned as a whole. */
export const MIN_PRINTABLE_SHARE = 0.8;
/** Shortest printable stretch kept from binary bytes (no credential is shorter). */
export const MIN_PRINTABLE_RUN = 16;
/** Shortest whole decoding worth rescanning. */
export const MIN_DECODED_CHARS = 8;

const utf8 = new TextDecoder("utf-8");

/** The texts worth rescanning inside `bytes`: the whole decoding, or its printable stretches. */
export function textsFromBytes(bytes: Uint8Array): string[] {
  const n = bytes.length;
  if (n < MIN_DECODED_CHARS) return [];
  // One pass: count printable and high bytes, and note the long printable ASCII stretches.
  let printable = 0;
  let high = 0;
  let runStart = -1;
  let stretches: number[] | undefined;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d) {
      printable++;
      if (runStart < 0) runStart = i;
      continue;
    }
    if (b >= 0x80) high++;
    if (runStart >= 0 && i - runStart >= MIN_PRINTABLE_RUN) (stretches ??= []).push(runStart, i);
    runStart = -1;
  }
  if (printable === n) return [asciiText(bytes, 0, n)];
  if (printable + high >= MIN_PRINTABLE_SHARE * n && isUtf8(bytes)) return [utf8.decode(bytes)];
  if (runStart >= 0 && n - runStart >= MIN_PRINTABLE_RUN) (stretches ??= []).push(runStart, n);
  if (!stretches) return [];
  const out: string[] = [];
  for (let k = 0; k < stretches.length; k += 2) out.push(asciiText(bytes, stretches[k]!, stretches[k + 1]!));
  return out;
}

/** Bytes known to be ASCII as a string, in slices small enough for `fromCharCode.apply`. */
function asciiText(bytes: Uint8Array, start: number, end: number): string {
  const SLICE = 8192;
  let out = "";
  for (let i = start; i < end; i += SLICE) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + SLICE)) as unknown as number[]);
  }
  return out;
}

/** The bytes as text when they are well-formed UTF-8, else undefined (no exception thrown or caught). */
export function utf8Text(bytes: Uint8Array): string | undefined {
  return isUtf8(bytes) ? utf8.decode(bytes) : undefined;
}

/** Control characters in `text` other than tab, LF and CR (DEL included). */
export function controlCharCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) n++;
  }
  return n;
}

/**
 * Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). Checked by
 * hand because a fatal TextDecoder reports failure by throwing, which costs more than the decoding.
 */
export function isUtf8(bytes: Uint8Array, allowCutTail = false): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      else if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      else if (b === 0xf4) max = 0x8f;
    } else return false;
    if (i + need >= n) return allowCutTail && isCutTail(bytes, i, min, max);
    const second = bytes[i + 1]!;
    if (second < min || second > max) return false;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}

/** The last sequence, starting at `i`, is a valid prefix of a character (a cut taken mid-character). */
function isCutTail(bytes: Uint8Array, i: number, min: number, max: number): boolean {
  for (let k = i + 1; k < bytes.length; k++) {
    const c = bytes[k]!;
    if (k === i + 1 ? c < min || c > max : c < 0x80 || c > 0xbf) return false;
  }
  return true;
}
