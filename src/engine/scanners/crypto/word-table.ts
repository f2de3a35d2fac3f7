/**
 * @module A flat open-addressing hash table over the seed lexicon's keys, all held in one pooled
 * string with an offset table: no string, object or map entry per word (the lexicon has ~20,000
 * keys, which as separate strings and entries cost several MB of resident memory). The tokenizer
 * looks an ASCII word up from a hash computed while reading it, case-folded, without slicing; other
 * words are sliced, lower-cased and hashed first. A hit is verified code unit by code unit, so a
 * hash collision never invents a word.
 */

const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 16777619;
export const HASH_START = FNV_OFFSET;
/** Table slots per key, rounded up to a power of two (load ≤ 1/4 keeps probes short). */
const SLOTS_PER_KEY = 4;
/** Most keys a table holds (ids must fit the Int32Array slots; the lexicon needs ~20,000). */
export const MAX_TABLE_KEYS = 1 << 20;

/** Fold one ASCII letter code to lower case. */
export function lowerAscii(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
}

/** Continue an FNV-1a hash with one (already lower-cased) code unit. */
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** The hash of a whole (already lower-cased) key, code unit by code unit. */
export function hashOf(key: string): number {
  let h = HASH_START;
  for (let i = 0; i < key.length; i++) h = hashStep(h, key.charCodeAt(i));
  return h;
}

export interface WordTable {
  readonly size: number;
  /**
   * Id of `text[start..end)` (its position in the keys the table was built from), ASCII letters
   * compared case-insensitively, given its hash (hashStep over the lower-cased code units); -1 when
   * absent.
   */
  find(text: string, start: number, end: number, hash: number): number;
  /** Id of a key exactly as stored (lower case); -1 when absent. */
  idOf(key: string): number;
  /** The key with this id. */
  keyAt(id: number): string;
}

/**
 * Build the table from distinct lower-case keys (their ids are their positions).
 * @throws RangeError past MAX_TABLE_KEYS keys.
 */
export function buildWordTable(keys: readonly string[]): WordTable {
  if (keys.length > MAX_TABLE_KEYS) throw new RangeError(`word table: ${keys.length} keys (at most ${MAX_TABLE_KEYS})`);
  let size = 1;
  while (size < keys.length * SLOTS_PER_KEY) size <<= 1;
  const mask = size - 1;
  const slots = new Int32Array(size); // id + 1, 0 = empty
  const hashes = new Int32Array(keys.length);
  const offsets = new Int32Array(keys.length + 1);
  for (let id = 0; id < keys.length; id++) {
    const key = keys[id]!;
    offsets[id + 1] = offsets[id]! + key.length;
    const h = hashOf(key);
    let slot = h & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
    hashes[id] = h;
  }
  const pool = flatten(keys.join(""));
  const find = (text: string, start: number, end: number, hash: number): number => {
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slots[slot]!;
      if (at === 0) return -1;
      const id = at - 1;
      if (hashes[id] !== hash) continue;
      const from = offsets[id]!;
      if (offsets[id + 1]! - from !== length) continue;
      let same = true;
      for (let i = 0; i < length && same; i++) same = lowerAscii(text.charCodeAt(start + i)) === pool.charCodeAt(from + i);
      if (same) return id;
    }
  };
  return {
    size: keys.length,
    find,
    idOf: (key) => find(key, 0, key.length, hashOf(key)),
    keyAt: (id) => pool.slice(offsets[id]!, offsets[id + 1]!),
  };
}

/**
 * A joined string is a rope that still points at every part; reading a character flattens it into
 * one buffer, after which the parts are garbage.
 */
function flatten(s: string): string {
  if (s.length > 0) s.charCodeAt(0);
  return s;
}
