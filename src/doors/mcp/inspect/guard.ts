/**
 * @module McpGuard: the transport-independent heart of the MCP door. A transport hands it each
 * message as text with the side it came from; the guard parses and validates it (size bound,
 * JSON, duplicate keys, JSON-RPC shape, batches element by element), refuses everything on a closed
 * session, and sends each element through the client-side or server-side checks. The answer says
 * what to deliver onward (the original text when nothing changed) and what to send back to the
 * sender. Never throws: an internal error is a deny.
 */
import { errorResponse, parseJsonRpc, RPC_ERROR, type Classified, type JsonObject } from "../jsonrpc/index.ts";
import type { McpSession } from "../session/index.ts";
import { KILL_SWITCH_FAILURE } from "../../../evidence/index.ts";
import { fromClient } from "./client-side.ts";
import { emitMcpEvent } from "./events.ts";
import type { GuardDeps, Outcome, Side } from "./guard-types.ts";
import { fromServer } from "./server-side.ts";
import { denialData, denialMessage, failureVerdict } from "./verdicts.ts";

export interface Delivery {
  /** Text for the other side, or undefined when nothing goes on. */
  readonly forward?: string;
  /** Text for the sender (errors for refused requests), or undefined. */
  readonly reply?: string;
  readonly forwardMessages: readonly JsonObject[];
  readonly replyMessages: readonly JsonObject[];
  readonly batch: boolean;
}

export interface ReceiveOptions {
  readonly replay?: boolean;
}

export interface McpGuard {
  readonly session: McpSession;
  /**
   * One transport message from `side`. `bytes` = its UTF-8 size when the transport knows it;
   * `replay`: it arrives on a resumed stream (Last-Event-ID), where repeated answers are expected.
   */
  receive(side: Side, text: string, bytes?: number, options?: ReceiveOptions): Promise<Delivery>;
  /** Record and answer a transport-level refusal (oversize line, bad UTF-8) from `side`. */
  refuse(side: Side, failure: string, reason: string, bytes: number): Delivery;
  /**
   * The server is gone (`reason`: e.g. "the server exited with code 1"): the session closes and
   * every request the client still waits for gets a -32001 error, one event each. Returns the error
   * texts for the client, oldest request first.
   */
  abandon(reason: string): string[];
}

const NOTHING: Delivery = Object.freeze({ forwardMessages: [], replyMessages: [], batch: false });

export function createGuard(deps: GuardDeps): McpGuard {
  const refuse = (side: Side, failure: string, reason: string, bytes: number): Delivery => {
    const verdict = failureVerdict(failure, reason);
    emitMcpEvent(deps.sink, { door: deps.door, session: deps.session.id, direction: direction(side), verdict, target: "message", startedAt: performance.now(), bytes, status: RPC_ERROR.invalidRequest });
    if (side === "server") return NOTHING;
    const reply = errorResponse(null, failure === "parse_error" ? RPC_ERROR.parse : RPC_ERROR.invalidRequest, `pipelock refused a message: ${reason}`, denialData(verdict)) as unknown as JsonObject;
    return { reply: JSON.stringify(reply), replyMessages: [reply], forwardMessages: [], batch: false };
  };

  return {
    session: deps.session,
    refuse,
    abandon(reason) {
      deps.session.close(reason);
      const verdict = failureVerdict("server_exited", reason);
      const out: string[] = [];
      for (const info of deps.session.fromClient.drain()) {
        if (info.id === undefined) continue;
        const target = info.tool !== undefined ? `${info.method} ${JSON.stringify(info.tool)}` : info.method;
        emitMcpEvent(deps.sink, { door: deps.door, session: deps.session.id, direction: "response", verdict, method: info.method, target, startedAt: performance.now(), status: RPC_ERROR.requestBlocked, ...(deps.agent ? { agent: deps.agent } : {}) });
        out.push(JSON.stringify(errorResponse(info.id, RPC_ERROR.requestBlocked, `pipelock: server exited before answering ${target} (${reason})`, denialData(verdict))));
      }
      return out;
    },
    async receive(side, text, bytes, options = {}) {
      const startedAt = performance.now();
      const parsed = parseJsonRpc(text, { maxBytes: deps.settings.maxMessageBytes, allowBatch: true }, bytes);
      const size = bytes ?? text.length;
      if (!parsed.ok) {
        if (side === "client" && parsed.failure === "parse_error" && deps.settings.input.onParseError === "forward") return forwardRaw(deps, text, size, startedAt);
        return refuse(side, parsed.failure, parsed.reason, size);
      }
      const forward: JsonObject[] = [];
      const reply: JsonObject[] = [];
      let changed = false;
      for (const element of parsed.elements) {
        const outcome = await inspectElement(deps, side, element, parsed.batch ? 0 : size, startedAt, options.replay === true);
        if (outcome.kind === "forward") {
          forward.push(outcome.message);
          changed ||= outcome.changed;
        } else if (outcome.kind === "reply") reply.push(outcome.message);
      }
      const dropped = forward.length !== parsed.elements.length;
      const forwardText = forward.length === 0 ? undefined : !changed && !dropped ? text : JSON.stringify(parsed.batch ? forward : forward[0]);
      const replyText = reply.length === 0 ? undefined : JSON.stringify(parsed.batch ? reply : reply[0]);
      return { ...(forwardText !== undefined ? { forward: forwardText } : {}), ...(replyText !== undefined ? { reply: replyText } : {}), forwardMessages: forward, replyMessages: reply, batch: parsed.batch };
    },
  };
}

async function inspectElement(deps: GuardDeps, side: Side, m: Classified, bytes: number, startedAt: number, replay: boolean): Promise<Outcome> {
  const { session } = deps;
  try {
    if (m.kind === "invalid") return invalid(deps, side, m, bytes, startedAt);
    const killed = deps.killSwitch?.();
    if (killed !== undefined) return killSwitched(deps, side, m, killed, bytes, startedAt);
    if (session.closed) {
      const verdict = failureVerdict("session_closed", `the session is closed (${session.closeReason})`);
      const method = "method" in m ? m.method : "response";
      emitMcpEvent(deps.sink, { door: deps.door, session: session.id, direction: direction(side), verdict, method, target: method, startedAt, bytes, status: RPC_ERROR.requestBlocked });
      if (side === "client" && m.kind === "request") return { kind: "reply", message: errorResponse(m.id, RPC_ERROR.requestBlocked, denialMessage(m.method, verdict), denialData(verdict)) as unknown as JsonObject };
      return { kind: "drop" };
    }
    return side === "client" ? await fromClient(deps, m, bytes, startedAt) : await fromServer(deps, m, bytes, startedAt, replay);
  } catch (err) {
    const verdict = failureVerdict("internal_error", `internal error: ${(err as Error)?.message ?? String(err)}`);
    emitMcpEvent(deps.sink, { door: deps.door, session: session.id, direction: direction(side), verdict, target: "message", startedAt, bytes });
    if (m.kind === "request") {
      const message = errorResponse(m.id, RPC_ERROR.internal, "pipelock could not inspect this message and refused it", denialData(verdict)) as unknown as JsonObject;
      return side === "client" ? { kind: "reply", message } : { kind: "reply", message };
    }
    return { kind: "drop" };
  }
}

/** Emergency deny-all: requests get -32004 back, everything else is dropped; the peer never sees it. */
function killSwitched(deps: GuardDeps, side: Side, m: Exclude<Classified, { kind: "invalid" }>, message: string, bytes: number, startedAt: number): Outcome {
  const verdict = failureVerdict(KILL_SWITCH_FAILURE, message, "mcp.kill_switch");
  const method = "method" in m ? m.method : "response";
  emitMcpEvent(deps.sink, { door: deps.door, session: deps.session.id, direction: direction(side), verdict, method, target: method, startedAt, bytes, status: RPC_ERROR.killSwitch });
  if (m.kind === "request") return { kind: "reply", message: errorResponse(m.id, RPC_ERROR.killSwitch, `pipelock: ${message}`, denialData(verdict)) as unknown as JsonObject };
  // A server's answer still reaches the client as an error, so nothing waits forever.
  if (side === "server" && (m.kind === "result" || m.kind === "error") && m.id !== null && deps.session.fromClient.take(m.id) !== undefined) {
    return { kind: "forward", message: errorResponse(m.id, RPC_ERROR.killSwitch, `pipelock: ${message}`, denialData(verdict)) as unknown as JsonObject, changed: true };
  }
  return { kind: "drop" };
}

function invalid(deps: GuardDeps, side: Side, m: Extract<Classified, { kind: "invalid" }>, bytes: number, startedAt: number): Outcome {
  const verdict = failureVerdict("invalid_message", m.reason);
  emitMcpEvent(deps.sink, { door: deps.door, session: deps.session.id, direction: direction(side), verdict, target: "message", startedAt, bytes, status: RPC_ERROR.invalidRequest });
  const message = errorResponse(m.id, RPC_ERROR.invalidRequest, `pipelock refused a message: ${m.reason}`, denialData(verdict)) as unknown as JsonObject;
  if (side === "client") return { kind: "reply", message };
  // A malformed answer to a pending request: the client gets an error instead of waiting forever.
  if (m.id !== null && deps.session.fromClient.take(m.id) !== undefined) return { kind: "forward", message, changed: true };
  return { kind: "drop" };
}

/** `on_parse_error: forward`: unparseable client text is still scanned as text before it goes on. */
async function forwardRaw(deps: GuardDeps, text: string, bytes: number, startedAt: number): Promise<Delivery> {
  const [dlp, content] = await Promise.all([deps.scanner.scan({ kind: "text", text }), deps.scanner.scan({ kind: "content", content: text })]);
  const verdict = dlp.decision === "deny" ? dlp : content;
  emitMcpEvent(deps.sink, { door: deps.door, session: deps.session.id, direction: "request", verdict, target: "unparseable message", startedAt, bytes });
  if (verdict.decision === "deny") return NOTHING;
  return { forward: text, forwardMessages: [], replyMessages: [], batch: false };
}

function direction(side: Side): "request" | "response" {
  return side === "client" ? "request" : "response";
}
