/**
 * @module The StateStore seam (DESIGN.md §6): everything that outlives one request (chain windows
 * now; rate counters, budgets and fragment buffers later) is read and written through this small
 * interface, so a shared store (Redis) can replace the in-process one without touching a scanner
 * or a door. The engine never calls it: doors read state, hand it to the pure engine, and write
 * back the updates the engine returns.
 */

/** What a store holds: plain JSON data, so any backend can serialise it. */
export type StateValue = null | boolean | number | string | readonly StateValue[] | { readonly [key: string]: StateValue };

/** A value with the version it was read at, for compare-and-set. */
export interface Versioned<T> {
  readonly value: T;
  /** Changes on every write of the key and never repeats within one store (no ABA on compare-and-set). */
  readonly version: number;
}

/**
 * Asynchronous so that a networked backend fits. Every write carries a TTL in milliseconds; a key
 * is gone once its TTL has passed since its last write. Implementations bound their memory (keys,
 * list lengths, value sizes) and may evict least-recently-used keys early; callers treat a
 * missing key as "no history", never as an error.
 */
export interface StateStore {
  /** The value under `key` with its version, or undefined when absent or expired. */
  get<T extends StateValue>(key: string): Promise<Versioned<T> | undefined>;
  /** Store `value` under `key`; resolves to the new version. */
  set(key: string, value: StateValue, ttlMs: number): Promise<number>;
  /**
   * Store `value` only if the key is still at `expectedVersion` (undefined: only if absent).
   * Resolves true when written.
   */
  compareAndSet(key: string, expectedVersion: number | undefined, value: StateValue, ttlMs: number): Promise<boolean>;
  /** Add `by` to the number under `key` (absent or not a number counts as 0); resolves to the new total. */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
  /**
   * Append `item` to the list under `key`, keeping only the newest `maxItems` (an absent or
   * non-list value starts a new list); resolves to the list after the append. Atomic per key.
   */
  appendBounded<T extends StateValue>(key: string, item: T, maxItems: number, ttlMs: number): Promise<readonly T[]>;
  delete(key: string): Promise<void>;
}
