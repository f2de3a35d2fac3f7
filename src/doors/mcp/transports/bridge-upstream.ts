/**
 * @module What the stdio bridge needs from a remote MCP server, whatever the transport: send one
 * JSON-RPC text, get the server's messages back, learn when a message could not be delivered (so
 * its requests can be answered with an error instead of waiting forever) and when the connection
 * ended for good.
 */

export interface BridgeEvents {
  /** One message (or batch) text from the server, in arrival order. */
  message(text: string): void;
  /** A server message too big (or unreadable) to relay was dropped. */
  refused(reason: string, bytes: number): void;
  /** `text` (sent by the client) could not be delivered; `reason` says why. */
  failed(text: string, reason: string): void;
  /** The upstream is gone for good (a WebSocket closed, a session the server ended). */
  closed(reason: string): void;
}

export interface BridgeUpstream {
  /** Send one message (or batch) text. Never throws; failures come back through `failed`. */
  send(text: string): void;
  /** End the session (best effort, bounded in time). */
  close(): Promise<void>;
}

export type BridgeConnect = (events: BridgeEvents) => BridgeUpstream;
