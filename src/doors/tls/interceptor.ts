/**
 * @module TLS interception for a CONNECT tunnel: decide intercept vs passthrough, pick the leaf for
 * the CONNECT authority BEFORE wrapping (Bun never calls SNICallback on wrapped sockets), wrap the
 * agent's socket as a TLS server, and close it when the agent's SNI names another host or no
 * request arrives in time. The caller feeds the returned socket to a node:http server
 * (`serveTlsConnection(server, tlsSocket)`) and parses HTTP/1.1 there.
 */
import type { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import type { TlsInterceptionSettings } from "../../config/sections/tls-interception.ts";
import type { CertificateAuthority } from "./ca.ts";
import { createLeafCache, type LeafCache, type LeafCacheOptions, type LeafCacheStats } from "./leaf-cache.ts";
import { canonicalHost } from "./leaf.ts";
import { compileHostMatcher } from "./passthrough.ts";

/** ALPN offered to the agent: HTTP/1.1 only (the inner server is node:http). */
export const INTERCEPT_ALPN = ["http/1.1"] as const;
/** Default time for handshake plus first request bytes (reference: 30 s). */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;

/** Why an intercepted tunnel was closed before any request was served. */
export type InterceptRejection = "sni_mismatch" | "handshake_timeout" | "tls_error";

export interface AcceptOptions {
  /** Bytes that followed the CONNECT head (or were peeked); replayed into the TLS server first. */
  readonly head?: Uint8Array;
  /** Told once when the tunnel is closed for one of the reasons above (emit an event there). */
  readonly onReject?: (reason: InterceptRejection, detail: string) => void;
}

/** The tunnel was closed before a request could be served; `reason` says why. */
export class InterceptError extends Error {
  constructor(
    readonly reason: InterceptRejection,
    message: string,
  ) {
    super(message);
    this.name = "InterceptError";
  }
}

export interface TlsInterceptor {
  /** Interception on and `host` not on the passthrough list. */
  shouldIntercept(host: string): boolean;
  /** The passthrough pattern matching `host`, if any. */
  passthroughMatch(host: string): string | undefined;
  /** The leaf secure context for `host` (cached, coalesced). Rejects when no leaf can be issued. */
  serverContextFor(host: string): Promise<tls.SecureContext>;
  /**
   * Terminate the agent's TLS for `host`. Resolves with the (paused) TLS socket once the handshake is
   * done, the first request bytes arrived and the SNI matched; hand it to a node:http server with
   * `serveTlsConnection(server, socket)`. Rejects with InterceptError (socket already destroyed) on SNI
   * mismatch, handshake failure or timeout, and with RangeError when no leaf can name the host.
   */
  acceptTls(socket: Duplex, host: string, options?: AcceptOptions): Promise<tls.TLSSocket>;
  stats(): LeafCacheStats;
  /** PEM of the CA the agent must trust. */
  readonly caCertPem: string;
}

export type InterceptorSettings = Pick<TlsInterceptionSettings, "enabled" | "passthroughDomains" | "certTtlMs" | "certCacheSize" | "handshakeTimeoutMs">;

export interface InterceptorOptions {
  readonly ca: CertificateAuthority;
  readonly settings: InterceptorSettings;
  /** Test seams for the leaf cache (clock, issuer). */
  readonly cache?: Pick<LeafCacheOptions, "now" | "issue">;
}

/**
 * Compare the SNI the agent sent with the CONNECT host: "match", "absent" (no SNI, e.g. an IP host)
 * or "mismatch". Call it on `req.socket` inside the tunnel before forwarding anything.
 */
export function servernameStatus(socket: unknown, host: string): "match" | "absent" | "mismatch" {
  const sent = (socket as { servername?: unknown }).servername;
  if (typeof sent !== "string" || sent === "") return "absent";
  return canonicalHost(sent) === canonicalHost(host) ? "match" : "mismatch";
}

/**
 * Hand an accepted TLS socket to a node:http server: emit it as a connection, then resume it (it is
 * paused with the first request bytes pushed back, and Bun's parser does not resume it by itself).
 */
export function serveTlsConnection(server: EventEmitter, socket: tls.TLSSocket): void {
  server.emit("connection", socket);
  socket.resume();
}

export function createInterceptor(options: InterceptorOptions): TlsInterceptor {
  const { settings, ca } = options;
  const passthrough = compileHostMatcher(settings.passthroughDomains);
  const cache: LeafCache = createLeafCache(ca, { ttlMs: settings.certTtlMs, maxEntries: settings.certCacheSize, ...options.cache });
  const timeoutMs = settings.handshakeTimeoutMs > 0 ? settings.handshakeTimeoutMs : DEFAULT_HANDSHAKE_TIMEOUT_MS;

  return {
    caCertPem: ca.certPem,
    shouldIntercept: (host) => settings.enabled && passthrough.match(host) === undefined,
    passthroughMatch: (host) => passthrough.match(host),
    serverContextFor: (host) => cache.contextFor(host),
    stats: () => cache.stats(),
    async acceptTls(socket, host, accept = {}) {
      const secureContext = await cache.contextFor(host);
      if (socket.destroyed) throw new InterceptError("tls_error", "the agent closed the tunnel before the TLS handshake");
      if (accept.head && accept.head.byteLength > 0) socket.unshift(Buffer.from(accept.head));
      const wrapped = new tls.TLSSocket(socket as Socket, { isServer: true, secureContext, ALPNProtocols: [...INTERCEPT_ALPN] });
      socket.on("error", () => wrapped.destroy());
      return new Promise<tls.TLSSocket>((resolve, reject) => {
        let settled = false;
        const fail = (reason: InterceptRejection, detail: string) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          wrapped.destroy();
          socket.destroy();
          accept.onReject?.(reason, detail);
          reject(new InterceptError(reason, detail));
        };
        const timer = setTimeout(() => fail("handshake_timeout", `no TLS handshake and request within ${timeoutMs} ms`), timeoutMs);
        // The first decrypted bytes prove the handshake finished and carry the SNI; nothing reaches
        // the caller's HTTP parser until the SNI has been compared with the CONNECT host.
        wrapped.once("data", (first: Buffer) => {
          if (settled) return;
          wrapped.pause();
          if (servernameStatus(wrapped, host) === "mismatch") {
            fail("sni_mismatch", `TLS SNI "${String(wrapped.servername).slice(0, 80)}" does not match the CONNECT host ${host}`);
            return;
          }
          settled = true;
          clearTimeout(timer);
          wrapped.unshift(first);
          resolve(wrapped);
        });
        wrapped.on("error", (err: Error) => {
          fail("tls_error", err.message);
          wrapped.destroy();
        });
        wrapped.once("close", () => fail("tls_error", "the agent closed the tunnel during the TLS handshake"));
      });
    },
  };
}
