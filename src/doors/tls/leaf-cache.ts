/**
 * @module The leaf certificate cache: one secure context per host, issued on first use, shared by
 * every tunnel to that host. Bounded by count (least recently used evicted first), refreshed before
 * the leaf expires, and concurrent first requests for one host wait on a single issuance.
 */
import tls from "node:tls";
import type { CertificateAuthority } from "./ca.ts";
import { canonicalHost, issueLeaf, type Leaf } from "./leaf.ts";

/** Default bound (reference `cert_cache_size`). */
export const DEFAULT_CERT_CACHE_SIZE = 10_000;
/** A cached leaf is re-issued once less than this fraction of its lifetime is left. */
export const REFRESH_FRACTION = 0.25;

export interface LeafCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries?: number;
  /** Clock (ms since epoch); injectable for tests. */
  readonly now?: () => number;
  /** Issuer; injectable for tests (counting, failing). */
  readonly issue?: (ca: CertificateAuthority, host: string, opts: { ttlMs: number; now: Date }) => Promise<Leaf>;
}

interface Entry {
  readonly pending: Promise<tls.SecureContext>;
  /** When the entry must be re-issued (set once issued; Infinity while pending). */
  refreshAt: number;
}

export interface LeafCacheStats {
  readonly size: number;
  readonly issued: number;
  readonly hits: number;
  readonly evicted: number;
}

export interface LeafCache {
  /** The secure context for `host`. @throws RangeError for a host no certificate can name; issuance errors. */
  contextFor(host: string): Promise<tls.SecureContext>;
  stats(): LeafCacheStats;
  clear(): void;
}

export function createLeafCache(ca: CertificateAuthority, options: LeafCacheOptions): LeafCache {
  const maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_CERT_CACHE_SIZE);
  const now = options.now ?? Date.now;
  const issue = options.issue ?? ((c, h, o) => issueLeaf(c, h, o));
  const entries = new Map<string, Entry>();
  let issued = 0;
  let hits = 0;
  let evicted = 0;

  const start = (host: string): Entry => {
    const at = now();
    const entry: Entry = {
      refreshAt: Number.POSITIVE_INFINITY,
      pending: issue(ca, host, { ttlMs: options.ttlMs, now: new Date(at) }).then(
        (leaf) => {
          issued++;
          const life = leaf.notAfter.getTime() - at;
          entry.refreshAt = leaf.notAfter.getTime() - Math.max(0, life * REFRESH_FRACTION);
          return tls.createSecureContext({ cert: leaf.certPem, key: leaf.keyPem });
        },
        (err: unknown) => {
          if (entries.get(host) === entry) entries.delete(host);
          throw err;
        },
      ),
    };
    entries.set(host, entry);
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value as string;
      entries.delete(oldest);
      evicted++;
    }
    return entry;
  };

  return {
    contextFor(raw: string): Promise<tls.SecureContext> {
      const host = canonicalHost(raw);
      if (!host) return Promise.reject(new RangeError(`cannot issue a certificate for host ${JSON.stringify(raw.slice(0, 80))}`));
      const entry = entries.get(host);
      if (entry && now() < entry.refreshAt) {
        hits++;
        entries.delete(host);
        entries.set(host, entry);
        return entry.pending;
      }
      return start(host).pending;
    },
    stats: () => ({ size: entries.size, issued, hits, evicted }),
    clear: () => entries.clear(),
  };
}
