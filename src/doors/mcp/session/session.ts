/**
 * @module McpSession: the state of one MCP session as the proxy sees it — its id, the tool
 * registry (fingerprints, binding), requests in flight in each direction, and whether it is
 * closed. Transports create one per stdio child, per HTTP session id, per WebSocket connection.
 */
import { PendingRequests } from "./pending-requests.ts";
import { ToolRegistry, type PinnedTool } from "./tool-registry.ts";

export class McpSession {
  readonly registry: ToolRegistry;
  /** Requests the client sent to the server, awaiting the server's answer. */
  readonly fromClient = new PendingRequests();
  /** Requests the server sent to the client (sampling, elicitation, roots, ping), awaiting the client's answer. */
  readonly fromServer = new PendingRequests();
  /** Protocol version agreed in `initialize` (legacy era), when seen. */
  protocolVersion: string | undefined;
  private closedReason: string | undefined;

  /** `registry`: share one tool registry between sessions (stateless HTTP: one per listener). */
  constructor(readonly id: string, pins?: ReadonlyMap<string, PinnedTool>, registry?: ToolRegistry) {
    this.registry = registry ?? new ToolRegistry(pins);
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  get closeReason(): string | undefined {
    return this.closedReason;
  }

  /** After this every message in either direction is refused. */
  close(reason: string): void {
    this.closedReason ??= reason;
  }
}
