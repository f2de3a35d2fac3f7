/**
 * @module Config section `tls_interception` (reference key names, plus `upstream_ca` and
 * `handshake_timeout`): opt-in TLS interception of CONNECT tunnels with pipelock's own CA. Maps onto
 * the settings the TLS door takes; durations accept Go forms ("24h", "1h30m", "500ms") or seconds.
 */
import * as v from "valibot";

const posInt = v.pipe(v.number(), v.integer(), v.minValue(0));
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const GO_DURATION = /^(\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
/** Longest leaf lifetime accepted (825 days: what Apple platforms accept for TLS server certs). */
export const MAX_CERT_TTL_MS = 825 * 24 * 3_600_000;
/** Most passthrough patterns and upstream CA files. */
export const MAX_TLS_LIST_ENTRIES = 10_000;

/** Milliseconds in a Go-style duration or a number of seconds; undefined when malformed. */
export function durationMs(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value * 1_000 : undefined;
  const text = value.trim();
  if (!GO_DURATION.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return total;
}

const Duration = v.pipe(
  v.union([v.string(), v.number()]),
  v.check((d) => durationMs(d) !== undefined, 'must be a duration like "24h", "90m", "30s" or a number of seconds'),
);

/** `example.com`, `*.example.com`, or an IP literal (same wildcard semantics as every domain list). */
const HostPattern = v.pipe(
  v.string(),
  v.regex(/^(\*\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$|^\[?[0-9A-Fa-f:.]+\]?$/, 'must be a domain, "*.domain" wildcard or IP address'),
);

export const TlsInterceptionSection = v.pipe(
  v.strictObject({
    enabled: v.optional(v.boolean(), false),
    /** CA certificate PEM; empty = `<home>/ca.pem` (home: `$PIPELOCK_HOME` or `~/.pipelock`). */
    ca_cert: v.optional(v.string(), ""),
    /** CA private key PEM (mode ≤ 0640); empty = `<home>/ca-key.pem`. */
    ca_key: v.optional(v.string(), ""),
    /** Hosts spliced, never intercepted (certificate pinning, mTLS). */
    passthrough_domains: v.optional(v.pipe(v.array(HostPattern), v.maxLength(MAX_TLS_LIST_ENTRIES)), []),
    cert_ttl: v.optional(Duration, "24h"),
    cert_cache_size: v.optional(v.pipe(posInt, v.minValue(1), v.maxValue(1_000_000)), 10_000),
    max_response_bytes: v.optional(v.pipe(posInt, v.minValue(1)), 5 * 1024 * 1024),
    /** Ours: extra PEM files trusted for upstream certificates, on top of the system roots. */
    upstream_ca: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.maxLength(64)), []),
    /** Ours: the agent must finish its TLS handshake and send a first request within this. */
    handshake_timeout: v.optional(Duration, "30s"),
  }),
  v.check((s) => {
    const ttl = durationMs(s.cert_ttl) ?? 0;
    return ttl >= 60_000 && ttl <= MAX_CERT_TTL_MS;
  }, "tls_interception.cert_ttl must be between 1m and 825 days"),
);

export type TlsInterceptionConfig = v.InferOutput<typeof TlsInterceptionSection>;
export const TLS_INTERCEPTION_DEFAULT: TlsInterceptionConfig = v.parse(TlsInterceptionSection, {});

/** What the TLS door is configured with. */
export interface TlsInterceptionSettings {
  readonly enabled: boolean;
  /** Config values as written ("" = default path under the pipelock home). */
  readonly caCert: string;
  readonly caKey: string;
  readonly passthroughDomains: readonly string[];
  readonly certTtlMs: number;
  readonly certCacheSize: number;
  readonly maxResponseBytes: number;
  /** Paths of extra upstream CA files (relative to the config file's directory when relative). */
  readonly upstreamCaFiles: readonly string[];
  readonly handshakeTimeoutMs: number;
}

export function toTlsInterceptionSettings(section: TlsInterceptionConfig): TlsInterceptionSettings {
  return {
    enabled: section.enabled,
    caCert: section.ca_cert,
    caKey: section.ca_key,
    passthroughDomains: [...section.passthrough_domains],
    certTtlMs: durationMs(section.cert_ttl)!,
    certCacheSize: section.cert_cache_size,
    maxResponseBytes: section.max_response_bytes,
    upstreamCaFiles: [...section.upstream_ca],
    handshakeTimeoutMs: durationMs(section.handshake_timeout)!,
  };
}
