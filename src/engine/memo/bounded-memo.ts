/**
 * @module The one shape every cache of pure answers in pipelock takes: a map bounded in entries
 * that forgets everything when it is full (no eviction bookkeeping on the hot path; a pure answer
 * forgotten is only computed again), and one such cache per owner object (a compiled policy, a rule
 * set), made on first use and dropped with its owner.
 */

/** A map of remembered answers holding at most `maxEntries`; full, it starts over. */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Remember `value` for `key` (forgetting everything first when full); returns `value`. */
  set(key: K, value: V): V {
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}

/** One value per owner object, made by `make` on first use and garbage with its owner. */
export function perOwner<O extends object, T>(make: (owner: O) => T): (owner: O) => T {
  const values = new WeakMap<O, T>();
  return (owner) => {
    let value = values.get(owner);
    if (value === undefined) {
      value = make(owner);
      values.set(owner, value);
    }
    return value;
  };
}
