/**
 * @module The stdio bridge's WebSocket client (MCP over WebSocket, subprotocol `mcp`): one JSON-RPC
 * message per text frame both ways. Messages sent before the socket opens wait in a bounded queue;
 * a binary frame or an oversize message is refused; the socket closing ends the session.
 */
import type { BridgeConnect, BridgeEvents, BridgeUpstream } from "./bridge-upstream.ts";
import { MCP_SUBPROTOCOL } from "./ws-listener.ts";

/** Client messages held while the socket connects. */
export const MAX_QUEUED_MESSAGES = 256;

export interface WsBridgeOptions {
  readonly url: URL;
  readonly maxMessageBytes: number;
}

export function wsBridge(o: WsBridgeOptions): BridgeConnect {
  return (events) => new WsBridge(o, events);
}

class WsBridge implements BridgeUpstream {
  private readonly socket: WebSocket;
  private queue: string[] | undefined = [];
  private ended = false;

  constructor(
    private readonly o: WsBridgeOptions,
    private readonly events: BridgeEvents,
  ) {
    this.socket = new WebSocket(o.url.href, [MCP_SUBPROTOCOL]);
    this.socket.binaryType = "arraybuffer";
    this.socket.onopen = () => {
      const waiting = this.queue ?? [];
      this.queue = undefined;
      for (const text of waiting) this.socket.send(text);
    };
    this.socket.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== "string") return this.events.refused("the MCP upstream sent a binary frame", (e.data as ArrayBuffer).byteLength ?? 0);
      if (e.data.length > this.o.maxMessageBytes) return this.events.refused("a message from the MCP upstream is over the size limit", e.data.length);
      this.events.message(e.data);
    };
    this.socket.onerror = () => this.end("the MCP upstream WebSocket failed");
    this.socket.onclose = (e: CloseEvent) => this.end(`the MCP upstream closed the WebSocket (${e.code}${e.reason ? ` ${e.reason.slice(0, 120)}` : ""})`);
  }

  send(text: string): void {
    if (this.ended) return this.events.failed(text, "the MCP upstream WebSocket is closed");
    if (this.queue !== undefined) {
      if (this.queue.length >= MAX_QUEUED_MESSAGES) return this.events.failed(text, "the MCP upstream WebSocket is still connecting and its queue is full");
      this.queue.push(text);
      return;
    }
    try {
      this.socket.send(text);
    } catch (err) {
      this.events.failed(text, `the MCP upstream WebSocket refused the message (${String((err as Error)?.message ?? err).slice(0, 120)})`);
    }
  }

  async close(): Promise<void> {
    this.ended = true;
    try {
      this.socket.close(1000, "client done");
    } catch {
      // already closed
    }
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    for (const text of this.queue ?? []) this.events.failed(text, reason);
    this.queue = undefined;
    this.events.closed(reason);
  }
}
