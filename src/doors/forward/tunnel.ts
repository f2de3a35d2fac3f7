/**
 * @module A raw CONNECT tunnel: bytes both ways between the agent and the pinned upstream, with an
 * idle bound and an absolute lifetime. Either side closing or failing closes both; the result says
 * how many bytes went each way and why it ended.
 */
import type { Duplex } from "node:stream";

export interface TunnelLimits {
  /** 0 = no limit. */
  readonly idleMs: number;
  /** 0 = no limit. */
  readonly maxMs: number;
}

export interface TunnelEnd {
  readonly up: number;
  readonly down: number;
  readonly reason: "closed" | "idle_timeout" | "max_duration" | "error";
}

/** Relay until either side ends. `first` is written upstream before relaying (peeked bytes). */
export function relayTunnel(client: Duplex, upstream: Duplex, first: Uint8Array | undefined, limits: TunnelLimits): Promise<TunnelEnd> {
  return new Promise((resolve) => {
    let up = 0;
    let down = 0;
    let last = Date.now();
    let ended = false;
    let maxTimer: ReturnType<typeof setTimeout> | undefined;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const end = (reason: TunnelEnd["reason"]) => {
      if (ended) return;
      ended = true;
      clearTimeout(maxTimer);
      clearTimeout(idleTimer);
      client.destroy();
      upstream.destroy();
      resolve({ up, down, reason });
    };
    if (limits.maxMs > 0) maxTimer = setTimeout(() => end("max_duration"), limits.maxMs);
    const checkIdle = (delay: number) => {
      idleTimer = setTimeout(() => {
        const quiet = Date.now() - last;
        if (quiet >= limits.idleMs) end("idle_timeout");
        else checkIdle(limits.idleMs - quiet);
      }, delay);
    };
    if (limits.idleMs > 0) checkIdle(limits.idleMs);
    client.on("data", (c: Buffer) => {
      up += c.byteLength;
      last = Date.now();
    });
    upstream.on("data", (c: Buffer) => {
      down += c.byteLength;
      last = Date.now();
    });
    for (const s of [client, upstream]) {
      s.on("error", () => end("error"));
      // pipe() passes a half-close on; a full close of either side ends the tunnel.
      s.on("close", () => end("closed"));
    }
    if (first && first.byteLength > 0) upstream.write(first);
    client.pipe(upstream);
    upstream.pipe(client);
  });
}
