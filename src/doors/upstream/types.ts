/**
 * @module The upstream seam: what a door asks for (a host, a port, TLS or not) and gets back (a
 * connected duplex stream), and the one error type every connect failure becomes. Doors and the
 * WebSocket relay depend on the `Connector` type only, so tests inject a fake that records targets.
 */
import type { Duplex } from "node:stream";
import type { Verdict } from "../../engine/index.ts";

/** Addresses the engine already checked for `host` during an allowing URL scan (see RecordingResolver). */
export interface CheckedHost {
  readonly host: string;
  /** The answer the engine's SSRF layer saw; undefined when the scan did not resolve (IP literal, trusted domain). */
  readonly addresses: readonly string[] | undefined;
}

export interface UpstreamTarget {
  /** Host name or IP literal (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  /** Wrap the connection in TLS (servername = host unless host is an IP). */
  readonly tls: boolean;
  /** Set by a door whose own URL scan allowed this host: the connector then skips its own check. */
  readonly checked?: CheckedHost;
  /** ALPN protocols offered upstream (default http/1.1). */
  readonly alpn?: readonly string[];
}

/** Opens a checked, pinned connection. Rejects with UpstreamError; never connects unchecked. */
export type Connector = (target: UpstreamTarget, signal?: AbortSignal) => Promise<Duplex>;

/** What the low-level dialer is asked to do: connect to exactly this address. */
export interface DialTarget {
  /** An IP literal that was checked; the dialer never resolves names. */
  readonly address: string;
  readonly port: number;
  readonly tls: boolean;
  /** SNI and certificate name (undefined for IP-literal hosts). */
  readonly servername: string | undefined;
  readonly alpn: readonly string[];
}

export type Dial = (target: DialTarget, signal?: AbortSignal) => Promise<Duplex>;

export const UPSTREAM_FAILURES = [
  "denied",
  "dns_failed",
  "connect_failed",
  "connect_timeout",
  "tls_failed",
  "canceled",
  "response_timeout",
  "upstream_reset",
] as const;
export type UpstreamFailure = (typeof UPSTREAM_FAILURES)[number];

/** A failed upstream connect. `verdict` is set when the policy denied the destination. */
export class UpstreamError extends Error {
  constructor(
    readonly failure: UpstreamFailure,
    message: string,
    readonly verdict?: Verdict,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}
