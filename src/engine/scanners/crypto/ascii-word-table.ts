/**
 * @module A flat open-addressing hash table over the ASCII lexicon words, so that the tokenizer can
 * look a word up from its characters (hashed as they are read, case-folded) without slicing a string
 * or hashing it again in a Map. A lookup that misses costs one or two array reads; a hit is verified
 * character by character, so a hash collision never invents a word.
 */

const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 16777619;
/** Table slots per key, rounded up to a power of two (load ≤ 1/4 keeps probes short). */
const SLOTS_PER_KEY = 4;

/** Fold one ASCII letter code to lower case. */
export function lowerAscii(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
}

/** Continue an FNV-1a hash with one (already lower-cased) code unit. */
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

export const HASH_START = FNV_OFFSET;

export interface AsciiWordTable<T> {
  /** Value for `text[start..end)` compared case-insensitively, given its hash; undefined when absent. */
  get(text: string, start: number, end: number, hash: number): T | undefined;
}

/** Build the table from lower-case ASCII keys. */
export function buildAsciiWordTable<T>(entries: ReadonlyArray<readonly [string, T]>): AsciiWordTable<T> {
  let size = 1;
  while (size < entries.length * SLOTS_PER_KEY) size <<= 1;
  const mask = size - 1;
  const slots = new Int32Array(size); // index + 1 into keys, 0 = empty
  const hashes = new Int32Array(entries.length);
  const keys: string[] = [];
  const values: T[] = [];
  for (const [key, value] of entries) {
    let h = HASH_START;
    for (let i = 0; i < key.length; i++) h = hashStep(h, key.charCodeAt(i));
    let slot = h & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = keys.length + 1;
    hashes[keys.length] = h;
    keys.push(key);
    values.push(value);
  }
  return {
    get(text, start, end, hash) {
      const length = end - start;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const at = slots[slot]!;
        if (at === 0) return undefined;
        if (hashes[at - 1] !== hash) continue;
        const key = keys[at - 1]!;
        if (key.length !== length) continue;
        let same = true;
        for (let i = 0; i < length && same; i++) same = lowerAscii(text.charCodeAt(start + i)) === key.charCodeAt(i);
        if (same) return values[at - 1];
      }
    },
  };
}
