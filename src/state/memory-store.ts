/**
 * @module MemoryStateStore: the default StateStore, in process memory, with hard bounds. At most
 * `maxKeys` keys (least recently used evicted first), lists of at most `maxListItems`, TTLs capped
 * at `maxTtlMs`, keys of at most MAX_KEY_CHARS. No timers: expired entries are dropped when read,
 * and each write sweeps a few of the least recently used entries, so an idle store costs nothing
 * and a busy one never grows past its bounds. The clock is injectable for tests.
 */
import type { StateStore, StateValue, Versioned } from "../engine/state/index.ts";

export const MAX_KEY_CHARS = 512;
/** Least-recently-used entries looked at for expiry on each write. */
const SWEEP_PER_WRITE = 8;

export interface MemoryStoreOptions {
  /** Most keys held; the least recently used go first. Default 10,000. */
  readonly maxKeys?: number;
  /** Longest list `appendBounded` keeps, whatever the caller asks. Default 1,000. */
  readonly maxListItems?: number;
  /** Longest TTL honoured, in ms. Default 24 h. */
  readonly maxTtlMs?: number;
  /** Milliseconds since the epoch. Default Date.now. */
  readonly now?: () => number;
}

interface Entry {
  value: StateValue;
  version: number;
  expiresAt: number;
}

export class MemoryStateStore implements StateStore {
  readonly maxKeys: number;
  readonly maxListItems: number;
  readonly maxTtlMs: number;
  private readonly now: () => number;
  /** Insertion order is recency order: every touch moves an entry to the end. */
  private readonly entries = new Map<string, Entry>();
  private nextVersion = 1;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxKeys = positiveInt(options.maxKeys, 10_000);
    this.maxListItems = positiveInt(options.maxListItems, 1_000);
    this.maxTtlMs = positiveInt(options.maxTtlMs, 24 * 60 * 60 * 1000);
    this.now = options.now ?? Date.now;
  }

  /** Keys currently held (expired ones not yet swept included). */
  get size(): number {
    return this.entries.size;
  }

  async get<T extends StateValue>(key: string): Promise<Versioned<T> | undefined> {
    const entry = this.live(checkKey(key));
    if (!entry) return undefined;
    this.touch(key, entry);
    return { value: entry.value as T, version: entry.version };
  }

  async set(key: string, value: StateValue, ttlMs: number): Promise<number> {
    return this.write(checkKey(key), value, ttlMs);
  }

  async compareAndSet(key: string, expectedVersion: number | undefined, value: StateValue, ttlMs: number): Promise<boolean> {
    const current = this.live(checkKey(key));
    if ((current?.version ?? undefined) !== expectedVersion) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  async increment(key: string, by: number, ttlMs: number): Promise<number> {
    const current = this.live(checkKey(key))?.value;
    const total = (typeof current === "number" ? current : 0) + (Number.isFinite(by) ? by : 0);
    this.write(key, total, ttlMs);
    return total;
  }

  async appendBounded<T extends StateValue>(key: string, item: T, maxItems: number, ttlMs: number): Promise<readonly T[]> {
    const current = this.live(checkKey(key))?.value;
    const limit = Math.min(this.maxListItems, positiveInt(maxItems, 1));
    const list = Array.isArray(current) ? (current as readonly T[]) : [];
    const next = [...list.slice(Math.max(0, list.length + 1 - limit)), item];
    this.write(key, next, ttlMs);
    return next;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(checkKey(key));
  }

  /** Drop everything (tests, kill switch reset). */
  clear(): void {
    this.entries.clear();
  }

  /** The entry if present and not expired; an expired one is removed. */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private write(key: string, value: StateValue, ttlMs: number): number {
    const ttl = Number.isFinite(ttlMs) ? Math.min(this.maxTtlMs, Math.floor(ttlMs)) : 0;
    const version = this.nextVersion++;
    this.entries.delete(key);
    if (ttl <= 0) return version;
    this.entries.set(key, { value, version, expiresAt: this.now() + ttl });
    this.sweep();
    return version;
  }

  /** Remove a few expired least-recently-used entries, then evict down to maxKeys. */
  private sweep(): void {
    const now = this.now();
    let looked = 0;
    for (const [key, entry] of this.entries) {
      if (looked++ >= SWEEP_PER_WRITE) break;
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}

function checkKey(key: string): string {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_CHARS) {
    throw new RangeError(`state key must be a string of 1-${MAX_KEY_CHARS} characters`);
  }
  return key;
}

function positiveInt(n: number | undefined, fallback: number): number {
  return n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : fallback;
}
