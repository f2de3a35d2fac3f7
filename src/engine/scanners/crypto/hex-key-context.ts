/**
 * @module Is a 64-hex-digit value a private key? Only when the words just before it say so
 * (`private_key`, `privkey`, `secret key`, `sk`, or for `0x` values also `key`/`wallet`/`signer`)
 * and no closer word calls it a hash (`sha256`, `checksum`, `integrity`, `commit`, `tx`, `pub`…).
 * A bare 64-hex string is a SHA-256 digest as often as a key, so it is never flagged alone.
 */

/** Characters of context read before the value. */
export const HEX_CONTEXT_CHARS = 64;

const MIN_DISTINCT_DIGITS = 8;
/** `abcdef1234567890` repeated four times is a placeholder, not a key. */
const MAX_PLACEHOLDER_PERIOD = 32;

const STRONG = /priv|prv|secret[\s_.-]?key|signing[\s_.-]?key|(?:^|[^a-z])sk(?:[^a-z]|$)|seed|mnemonic|wallet[\s_.-]?key/g;
const WEAK = /key|wallet|signer|account/g;
const HASHY = /pub(?:lic)?[\s_.-]?key|pub|hash|sha|digest|checksum|integrity|commit|(?:^|[^a-z])tx|block|topic|salt|nonce|hmac|(?:^|[^a-z])iv(?:[^a-z]|$)|address|fingerprint/g;
const ONLY_PUNCT = /^[\s"'`:=,([{]*$/;

/** End offset of the last match of a global regex in `text`, or -1. */
function lastEnd(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let last = -1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    last = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
  }
  return last;
}

/** The lower-cased context before `start`: the current line, or the previous one when the value opens its line. */
export function contextBefore(text: string, start: number): string {
  const from = Math.max(0, start - HEX_CONTEXT_CHARS);
  const window = text.slice(from, start);
  const nl = window.lastIndexOf("\n");
  if (nl < 0) return window.toLowerCase();
  const tail = window.slice(nl + 1);
  if (!ONLY_PUNCT.test(tail)) return tail.toLowerCase();
  const prev = window.slice(0, nl);
  const prevNl = prev.lastIndexOf("\n");
  return `${prev.slice(prevNl + 1)} ${tail}`.toLowerCase();
}

/** True when the context names a private key, and no hash-like word ends at or after that name. */
export function isKeyContext(context: string, prefixed0x: boolean): boolean {
  const strong = lastEnd(STRONG, context);
  const key = prefixed0x ? Math.max(strong, lastEnd(WEAK, context)) : strong;
  if (key < 0) return false;
  return lastEnd(HASHY, context) < key;
}

/** Reject placeholder values: a key has many distinct digits and no short repeating pattern. */
export function looksRandomHex(hex: string): boolean {
  const lower = hex.toLowerCase();
  if (new Set(lower).size < MIN_DISTINCT_DIGITS) return false;
  for (let period = 1; period <= MAX_PLACEHOLDER_PERIOD; period++) {
    if (lower.length % period === 0 && lower.slice(period) === lower.slice(0, lower.length - period)) return false;
  }
  return true;
}
