/**
 * @module Finding a set of long literals (≥ 8 characters: canaries, environment values and their
 * encoded forms) in a text, ignoring case, optionally skipping noise characters between the letters.
 * A rolling hash of the last 8 characters is checked against a small bitset of the literals' first 8
 * characters (8 KiB, stays in the CPU cache whatever the number of literals); only bitset hits look
 * up and compare literals. A keyword automaton over hundreds of long encoded forms has tens of
 * thousands of states, and its transition table misses the cache on every character.
 */

/** Characters hashed: every literal is at least this long. */
export const ANCHOR_CHARS = 8;
const TABLE_BITS = 16;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const BASE = 0x01000193;
const power = (n: number) => {
  let p = 1;
  for (let i = 0; i < n; i++) p = Math.imul(p, BASE);
  return p;
};
/** Weight of the oldest character once the next one is in (BASE^8 mod 2^32), and before (BASE^7). */
const BASE_POW = power(ANCHOR_CHARS);
const BASE_POW_IN_WINDOW = power(ANCHOR_CHARS - 1);
/** With noise skipping, a literal may be spread over at most this many times its length. */
const MAX_SPREAD = 4;

export interface AnchorIndex {
  /** Call `onHit(index, start, end)` for every occurrence of literal `index` (`end` exclusive). */
  scan(text: string, onHit: (index: number, start: number, end: number) => void, from?: number, to?: number): void;
  /** The same with noise characters (ASCII codes marked 1 in `noise`) ignored between the literal's characters. */
  scanSkipping(text: string, noise: Uint8Array, onHit: (index: number, start: number, end: number) => void): void;
}

function lowerCode(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  return String.fromCharCode(c).toLowerCase().charCodeAt(0);
}

const slot = (h: number) => (h ^ (h >>> TABLE_BITS)) & TABLE_MASK;
/** ASCII lower-casing table; other code units go through {@link lowerCode}. */
const LOWER = new Uint8Array(128).map((_, c) => (c >= 65 && c <= 90 ? c + 32 : c));

/** Index `literals` (each at least {@link ANCHOR_CHARS} long). Comparison ignores case. */
export function compileAnchorIndex(literals: readonly string[]): AnchorIndex {
  const lower = literals.map((l) => l.toLowerCase());
  const bits = new Uint32Array((1 << TABLE_BITS) / 32);
  const byAnchor = new Map<string, number[]>();
  lower.forEach((l, index) => {
    if (l.length < ANCHOR_CHARS) throw new RangeError(`literal shorter than ${ANCHOR_CHARS} characters`);
    const anchor = l.slice(0, ANCHOR_CHARS);
    let h = 0;
    for (let i = 0; i < ANCHOR_CHARS; i++) h = (Math.imul(h, BASE) + anchor.charCodeAt(i)) | 0;
    const s = slot(h);
    bits[s >>> 5]! |= 1 << (s & 31);
    const list = byAnchor.get(anchor);
    if (list) list.push(index);
    else byAnchor.set(anchor, [index]);
  });
  const hit = (h: number) => {
    const s = (h ^ (h >>> TABLE_BITS)) & TABLE_MASK;
    return (bits[s >>> 5]! & (1 << (s & 31))) !== 0;
  };

  return {
    scan(text, onHit, from = 0, to = text.length) {
      if (to - from < ANCHOR_CHARS) return;
      let h = 0;
      for (let i = from; i < from + ANCHOR_CHARS - 1; i++) {
        const c = text.charCodeAt(i);
        h = (Math.imul(h, BASE) + (c < 128 ? LOWER[c]! : lowerCode(c))) | 0;
      }
      for (let i = from + ANCHOR_CHARS - 1; i < to; i++) {
        const c = text.charCodeAt(i);
        h = (Math.imul(h, BASE) + (c < 128 ? LOWER[c]! : lowerCode(c))) | 0;
        if (!hit(h)) {
          const out = text.charCodeAt(i + 1 - ANCHOR_CHARS);
          h = (h - Math.imul(out < 128 ? LOWER[out]! : lowerCode(out), BASE_POW_IN_WINDOW)) | 0;
          continue;
        }
        const start = i + 1 - ANCHOR_CHARS;
        const candidates = byAnchor.get(text.slice(start, i + 1).toLowerCase());
        if (candidates) {
          for (const index of candidates) {
            const end = start + lower[index]!.length;
            if (end <= to && text.slice(start, end).toLowerCase() === lower[index]) onHit(index, start, end);
          }
        }
        const out = text.charCodeAt(start);
        h = (h - Math.imul(out < 128 ? LOWER[out]! : lowerCode(out), BASE_POW_IN_WINDOW)) | 0;
      }
    },

    scanSkipping(text, noise, onHit) {
      const ring = new Int32Array(ANCHOR_CHARS);
      let seen = 0;
      let h = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 128 && noise[c] === 1) continue;
        const slotIndex = seen & (ANCHOR_CHARS - 1);
        h = (Math.imul(h, BASE) + (c < 128 ? LOWER[c]! : lowerCode(c))) | 0;
        if (seen >= ANCHOR_CHARS) {
          const out = text.charCodeAt(ring[slotIndex]!);
          h = (h - Math.imul(out < 128 ? LOWER[out]! : lowerCode(out), BASE_POW)) | 0;
        }
        ring[slotIndex] = i;
        seen++;
        if (seen < ANCHOR_CHARS || !hit(h)) continue;
        const start = ring[seen & (ANCHOR_CHARS - 1)]!;
        let anchor = "";
        for (let k = 0; k < ANCHOR_CHARS; k++) anchor += text[ring[(seen + k) & (ANCHOR_CHARS - 1)]!];
        const candidates = byAnchor.get(anchor.toLowerCase());
        if (!candidates) continue;
        for (const index of candidates) {
          const end = matchSkipping(text, start, lower[index]!, noise);
          if (end >= 0) onHit(index, start, end);
        }
      }
    },
  };
}

/** End of `literal` read from `start` with noise skipped, or -1. */
function matchSkipping(text: string, start: number, literal: string, noise: Uint8Array): number {
  const limit = Math.min(text.length, start + MAX_SPREAD * literal.length);
  let k = 0;
  for (let i = start; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && noise[c] === 1) continue;
    if (lowerCode(c) !== literal.charCodeAt(k)) return -1;
    if (++k === literal.length) return i + 1;
  }
  return -1;
}
