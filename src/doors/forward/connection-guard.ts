/**
 * @module Slowloris and connection-flood defence for the main listener. Bun's node:http ignores
 * `headersTimeout`/`requestTimeout`, so pipelock keeps its own per-socket deadline: a new
 * connection must deliver a complete request head within HEADERS_TIMEOUT_MS, and a kept-alive
 * connection the next head within KEEP_ALIVE_IDLE_MS; a late head gets a raw 408 and the socket
 * is closed (and an event recorded). Connections beyond MAX_CONNECTIONS are refused at once.
 */
import type { Socket } from "node:net";

/** Time for a new connection's first complete request head (reference read-header timeout 5 s). */
export const HEADERS_TIMEOUT_MS = 5_000;
/** Idle time allowed between requests on a kept-alive connection. */
export const KEEP_ALIVE_IDLE_MS = 30_000;
/** Open client connections on the main listener. */
export const MAX_CONNECTIONS = 4_096;

export interface GuardOptions {
  readonly headersTimeoutMs?: number;
  readonly keepAliveIdleMs?: number;
  readonly maxConnections?: number;
  /** Called when a connection is cut for a late head (after a raw 408 is written). */
  readonly onTimeout: (socket: Socket, kept: boolean) => void;
}

export interface ConnectionGuard {
  /** A new connection arrived; false when it was refused. */
  accept(socket: Socket): boolean;
  /** A complete head arrived on `socket`: stop its deadline. */
  headReceived(socket: Socket): void;
  /** The answer on `socket` finished: wait for the next head. */
  idle(socket: Socket): void;
  /** The socket left HTTP (CONNECT tunnel, WebSocket): no more deadlines. */
  release(socket: Socket): void;
  readonly open: number;
}

const TIMEOUT_BODY = JSON.stringify({ error: "request_timeout", blocked: true, status: 408, reason: "the request head was not sent in time (slow client)" }) + "\n";
const TIMEOUT_ANSWER =
  "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\nX-Pipelock-Decision: deny\r\n" +
  `X-Pipelock-Rule: pipelock.client_timeout\r\nContent-Length: ${Buffer.byteLength(TIMEOUT_BODY)}\r\n\r\n${TIMEOUT_BODY}`;

export function createConnectionGuard(options: GuardOptions): ConnectionGuard {
  const headersMs = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const idleMs = options.keepAliveIdleMs ?? KEEP_ALIVE_IDLE_MS;
  const max = options.maxConnections ?? MAX_CONNECTIONS;
  const timers = new WeakMap<Socket, ReturnType<typeof setTimeout>>();
  let open = 0;
  const arm = (socket: Socket, ms: number, kept: boolean) => {
    clearTimeout(timers.get(socket));
    timers.set(
      socket,
      setTimeout(() => {
        timers.delete(socket);
        if (socket.destroyed) return;
        socket.end(TIMEOUT_ANSWER);
        setTimeout(() => socket.destroy(), 1_000).unref?.();
        options.onTimeout(socket, kept);
      }, ms),
    );
  };
  return {
    accept(socket) {
      if (open >= max) {
        socket.destroy();
        return false;
      }
      open++;
      socket.once("close", () => {
        open--;
        clearTimeout(timers.get(socket));
        timers.delete(socket);
      });
      arm(socket, headersMs, false);
      return true;
    },
    headReceived(socket) {
      clearTimeout(timers.get(socket));
      timers.delete(socket);
    },
    idle(socket) {
      if (!socket.destroyed) arm(socket, idleMs, true);
    },
    release(socket) {
      clearTimeout(timers.get(socket));
      timers.delete(socket);
    },
    get open() {
      return open;
    },
  };
}
