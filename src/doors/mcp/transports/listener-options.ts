/** @module What every MCP network listener (HTTP, WebSocket) is configured with. */
import type { EventSink } from "../../../evidence/index.ts";
import type { McpGuard } from "../inspect/index.ts";
import type { McpSession, PinnedTool } from "../session/index.ts";

export interface McpListenerOptions {
  /** The operator-configured MCP server. */
  readonly upstream: URL;
  readonly hostname: string;
  readonly port: number;
  /** A guard for a new session. */
  readonly makeGuard: (session: McpSession) => McpGuard;
  /** Fingerprints pinned by a baseline file. */
  readonly pins?: ReadonlyMap<string, PinnedTool>;
  readonly maxMessageBytes: number;
  /** Browser origins allowed besides loopback. */
  readonly allowedOrigins: readonly string[];
  /** For refusals made before any session exists (origin, size, header mismatch). */
  readonly sink: EventSink;
}
