/**
 * @module DNS pinning, part two: connect to one already-checked IP address with node:net (and
 * node:tls, SNI and certificate name = the host), bounded by a connect+handshake timeout and the
 * caller's abort signal. It never resolves a name: an address that is not an IP literal is refused.
 */
import net from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import { UpstreamError, type Dial, type DialTarget } from "./types.ts";

/** Default bound on TCP connect plus TLS handshake (reference: dial 10 s, handshake 10 s). */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface DialOptions {
  readonly connectTimeoutMs?: number;
  /** Extra PEM CA certificates trusted for upstream TLS, on top of the bundled roots. */
  readonly extraCa?: readonly string[];
}

/** The real dialer. */
export function createDial(options: DialOptions = {}): Dial {
  const timeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const ca = options.extraCa && options.extraCa.length > 0 ? [...tls.rootCertificates, ...options.extraCa] : undefined;
  return (target, signal) => dialOnce(target, timeoutMs, ca, signal);
}

function dialOnce(target: DialTarget, timeoutMs: number, ca: string[] | undefined, signal: AbortSignal | undefined): Promise<Duplex> {
  if (net.isIP(target.address) === 0) return Promise.reject(new UpstreamError("connect_failed", `refusing to dial "${target.address}": not an IP address`));
  if (signal?.aborted) return Promise.reject(new UpstreamError("canceled", "the request was canceled"));
  return new Promise<Duplex>((resolve, reject) => {
    const socket: net.Socket = target.tls
      ? tls.connect({
          host: target.address,
          port: target.port,
          ...(target.servername !== undefined ? { servername: target.servername } : {}),
          ALPNProtocols: [...target.alpn],
          ...(ca ? { ca } : {}),
          rejectUnauthorized: true,
          // Certificate names are checked against the host the agent asked for, not the pinned IP.
          checkServerIdentity: (_host, cert) => tls.checkServerIdentity(target.servername ?? target.address, cert),
        })
      : net.connect({ host: target.address, port: target.port });
    const ready = target.tls ? "secureConnect" : "connect";
    let settled = false;
    const finish = (err?: UpstreamError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.off("error", onError);
      socket.off(ready, onReady);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve(socket);
    };
    const onReady = () => {
      // Requests are written whole; never let Nagle hold a small write for an ACK.
      socket.setNoDelay(true);
      finish();
    };
    const onError = (err: Error) => {
      const tlsProblem = target.tls && socket.connecting === false;
      finish(new UpstreamError(tlsProblem ? "tls_failed" : "connect_failed", `${where(target)}: ${err.message}`));
    };
    const onAbort = () => finish(new UpstreamError("canceled", "the request was canceled"));
    const timer = setTimeout(() => finish(new UpstreamError("connect_timeout", `${where(target)}: no connection within ${timeoutMs} ms`)), timeoutMs);
    socket.once(ready, onReady);
    socket.on("error", onError);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function where(t: DialTarget): string {
  const addr = t.address.includes(":") ? `[${t.address}]` : t.address;
  return t.servername ? `${t.servername} (${addr}:${t.port})` : `${addr}:${t.port}`;
}
