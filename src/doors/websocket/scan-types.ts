/**
 * @module What the WebSocket relay asks its injected scanner and what it gets back. The relay knows
 * frames; whoever builds it decides what a message means (DLP on client text, injection on server
 * text) and calls the engine.
 */
import type { Finding, RuleAction } from "../../engine/index.ts";
import type { BinaryFramePolicy } from "../../config/sections/websocket-proxy.ts";

export type WsDirection = "client_to_server" | "server_to_client";

export interface ScanMessageResult {
  readonly allow: boolean;
  /** Close code on deny (default 1008). */
  readonly closeCode?: number;
  /** Close reason on deny (short, never carries the secret). */
  readonly reason?: string;
  /** When allowed: forward this text instead of the original (the `strip` action). */
  readonly text?: string;
  readonly findings?: readonly Finding[];
  readonly action?: RuleAction | "allow";
  /** Fail-closed reason (scan timeout, engine error). */
  readonly failure?: string;
}

/** Which connection a message belongs to. */
export interface WsScanContext {
  /** Upstream host (for per-domain exemptions). */
  readonly host?: string;
  readonly agent?: string;
  /**
   * Leading characters of the scanned text that repeat the end of the previous client message (the
   * relay's split-secret window); the message itself starts after them.
   */
  readonly carriedChars?: number;
}

/** Scan one reassembled message. May throw or reject: the relay then denies (fail closed). */
export type ScanMessage = (text: string, direction: WsDirection, context?: WsScanContext) => Promise<ScanMessageResult>;

/** What the relay needs from `websocket_proxy`. */
export interface RelaySettings {
  readonly maxMessageBytes: number;
  readonly scanTextFrames: boolean;
  readonly binaryFrames: BinaryFramePolicy;
  /** 0 = no limit. */
  readonly maxConnectionMs: number;
  /** 0 = no limit. */
  readonly idleTimeoutMs: number;
}
