/**
 * @module Per-token token buckets for the Scan API: capacity `burst`, refilled at
 * `requestsPerMinute`. Keys are digests of configured tokens (only authenticated requests reach
 * a bucket), and the map is capped so tokens rotated away by reloads cannot pile up.
 */

interface Bucket {
  tokens: number;
  last: number;
  perMinute: number;
  burst: number;
}

/** Most buckets kept; the oldest is dropped first when a new key arrives at the cap. */
export const MAX_BUCKETS = 1024;

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /**
   * Takes one token from `key`'s bucket; false when it is empty. A bucket whose rate or burst
   * changed (hot reload) starts over full with the new numbers.
   */
  take(key: string, perMinute: number, burst: number): boolean {
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket === undefined || bucket.perMinute !== perMinute || bucket.burst !== burst) {
      if (bucket === undefined && this.#buckets.size >= MAX_BUCKETS) {
        const oldest = this.#buckets.keys().next();
        if (oldest.done !== true) this.#buckets.delete(oldest.value);
      }
      bucket = { tokens: burst, last: now, perMinute, burst };
      this.#buckets.set(key, bucket);
    } else {
      // A clock that steps backwards refills nothing, now or later.
      const elapsed = Math.max(0, now - bucket.last);
      bucket.tokens = Math.min(burst, bucket.tokens + (elapsed * perMinute) / 60_000);
      bucket.last = Math.max(bucket.last, now);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  get size(): number {
    return this.#buckets.size;
  }
}
