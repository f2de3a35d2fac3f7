/** @module The one DecisionEvent per scanned WebSocket message (DESIGN.md §1: doors emit, never log). */
import type { DecisionEvent } from "../../evidence/index.ts";
import type { ScanMessageResult, WsDirection } from "./scan-types.ts";

export function messageEvent(
  direction: WsDirection,
  result: ScanMessageResult,
  bytes: number,
  closeCode: number | undefined,
  where: { readonly target?: string; readonly agent?: string },
): DecisionEvent {
  const up = direction === "client_to_server";
  return {
    ts: new Date().toISOString(),
    door: "websocket",
    direction: up ? "request" : "response",
    decision: result.allow ? "allow" : "deny",
    action: result.action ?? (result.allow ? "allow" : "block"),
    subject: up ? "text" : "content",
    method: "WS",
    findings: result.findings ?? [],
    bytes,
    ...(where.target !== undefined ? { target: where.target } : {}),
    ...(where.agent !== undefined ? { agent: where.agent } : {}),
    ...(closeCode !== undefined ? { status: closeCode } : {}),
    ...(result.failure !== undefined ? { failure: result.failure } : {}),
  };
}
