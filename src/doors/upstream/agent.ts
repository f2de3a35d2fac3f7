/**
 * @module node:http keep-alive pooling over the pinning connector. Each request carries its
 * UpstreamTarget (with the addresses its own scan checked); a new socket comes from the connector,
 * an idle pooled socket to the same host and port is reused. Plain and TLS use separate agents.
 */
import http from "node:http";
import type { Duplex } from "node:stream";
import type { Connector, UpstreamTarget } from "./types.ts";

/** Idle upstream sockets kept per host:port. */
export const MAX_FREE_SOCKETS = 32;
/** Concurrent upstream sockets per host:port. */
export const MAX_SOCKETS_PER_HOST = 256;
/** Idle keep-alive lifetime of a pooled upstream socket (reference: 30 s keep-alive). */
export const KEEP_ALIVE_MS = 30_000;

/** Request option carrying the target through node:http to createConnection. */
export const TARGET_OPTION = "pipelockTarget";

type ConnectCallback = (err: Error | null, socket: Duplex) => void;

/** A node:http Agent whose connections come from `connector`. */
export class PinnedAgent extends http.Agent {
  constructor(private readonly connector: Connector) {
    super({ keepAlive: true, keepAliveMsecs: 1_000, maxSockets: MAX_SOCKETS_PER_HOST, maxFreeSockets: MAX_FREE_SOCKETS, timeout: KEEP_ALIVE_MS });
  }

  override createConnection(options: http.ClientRequestArgs, callback?: ConnectCallback): Duplex | null | undefined {
    const extra = options as Record<string, unknown>;
    const target = extra[TARGET_OPTION] as UpstreamTarget | undefined;
    const signal = extra.signal as AbortSignal | undefined;
    const done: ConnectCallback = callback ?? (() => {});
    const failed = (err: Error) => done(err, undefined as unknown as Duplex);
    if (!target) {
      failed(new Error("pinned agent: request without a target"));
      return undefined;
    }
    this.connector(target, signal).then(
      (socket) => done(null, socket),
      (err: unknown) => failed(err instanceof Error ? err : new Error(String(err))),
    );
    return undefined;
  }
}

/** One agent per scheme, sharing the connector. */
export interface UpstreamAgents {
  readonly http: PinnedAgent;
  readonly https: PinnedAgent;
  destroy(): void;
}

export function createUpstreamAgents(connector: Connector): UpstreamAgents {
  const plain = new PinnedAgent(connector);
  const secure = new PinnedAgent(connector);
  return {
    http: plain,
    https: secure,
    destroy() {
      plain.destroy();
      secure.destroy();
    },
  };
}
