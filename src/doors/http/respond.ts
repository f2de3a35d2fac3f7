/**
 * @module Answer a block on a ServerResponse or a raw socket, and record it, in one call.
 */
import type { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { blockAnswer, DENY_CODES, rawResponse, type BlockInfo } from "./block.ts";
import { emitDecision, type EventFields } from "./events.ts";
import type { EventSink } from "../../evidence/index.ts";

/**
 * Send `block` on `res` (if the head is not sent yet) and emit its event. `close` ends the
 * connection after the answer (a request body was left unread, so the connection is unusable).
 */
export function sendBlock(res: ServerResponse, sink: EventSink, block: BlockInfo, event: Omit<EventFields, "decision" | "status" | "direction">, close = false): void {
  const answer = blockAnswer(block);
  if (!res.headersSent) {
    res.writeHead(answer.status, close ? { ...answer.headers, Connection: "close" } : answer.headers);
    res.end(answer.body);
    if (close) res.once("finish", () => res.socket?.destroy());
  } else res.destroy();
  emitDecision(sink, { ...event, decision: "deny", direction: block.direction, status: answer.status, findings: block.findings ?? [], ...(block.failure ? { failure: block.failure } : {}) });
}

/** Send `block` as a raw HTTP/1.1 answer on a socket, close it, and emit its event. */
export function sendRawBlock(socket: Duplex, sink: EventSink, block: BlockInfo, event: Omit<EventFields, "decision" | "status" | "direction">): void {
  const answer = blockAnswer(block);
  if (!socket.destroyed && socket.writable) socket.end(rawResponse(answer));
  else socket.destroy();
  emitDecision(sink, { ...event, decision: "deny", direction: block.direction, status: DENY_CODES[block.code], findings: block.findings ?? [], ...(block.failure ? { failure: block.failure } : {}) });
}

/** The kill switch's block, when it is engaged. */
export function killSwitchBlock(ctx: { killSwitch?: () => string | undefined }, explain: boolean): BlockInfo | undefined {
  const reason = ctx.killSwitch?.();
  if (reason === undefined) return undefined;
  return { code: "kill_switch_active", direction: "request", reason, failure: "kill_switch_active", explain };
}

/** A block as a fetch Response (doors served by Bun.serve), with its event. `close` asks the client to drop the connection. */
export function blockResponse(sink: EventSink, block: BlockInfo, event: Omit<EventFields, "decision" | "status" | "direction">, close = false): Response {
  const answer = blockAnswer(block);
  emitDecision(sink, { ...event, decision: "deny", direction: block.direction, status: answer.status, findings: block.findings ?? [], ...(block.failure ? { failure: block.failure } : {}) });
  return new Response(answer.body, { status: answer.status, headers: close ? { ...answer.headers, Connection: "close" } : answer.headers });
}
