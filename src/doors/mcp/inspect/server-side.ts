/**
 * @module Messages from the server on their way to the client. A response must answer a request
 * the client really sent (one answer per request); `tools/list` results go to the tool-list check;
 * every other result, error, notification and server-initiated request (sampling, elicitation,
 * roots) gets the injection scan and DLP, with `strip` and `ask` honoured. A blocked response
 * still reaches the client as a JSON-RPC error for its request, so the client is never left
 * waiting; a blocked server request is answered to the server with an error.
 */
import type { Verdict } from "../../../engine/index.ts";
import { errorResponse, isObject, RPC_ERROR, type Classified, type JsonObject, type JsonRpcId } from "../jsonrpc/index.ts";
import { describeTarget, emitMcpEvent } from "./events.ts";
import type { GuardDeps, Outcome } from "./guard-types.ts";
import { inspectServerPayload } from "./payload.ts";
import { inspectToolList } from "./tool-list.ts";
import { decisive, denialData, denialMessage, failureVerdict } from "./verdicts.ts";

type Message = Exclude<Classified, { kind: "invalid" }>;

export async function fromServer(deps: GuardDeps, m: Message, bytes: number, startedAt: number, replay = false): Promise<Outcome> {
  const { session } = deps;
  const event = { door: deps.door, session: session.id, direction: "response" as const, startedAt, bytes, ...(deps.agent ? { agent: deps.agent } : {}) };
  switch (m.kind) {
    case "request": {
      const target = describeTarget(m.method, m.params);
      if (session.fromServer.has(m.id)) {
        const verdict = failureVerdict("duplicate_request_id", "a server request with this id is already in flight");
        emitMcpEvent(deps.sink, { ...event, method: m.method, target, verdict, status: RPC_ERROR.invalidRequest });
        return { kind: "reply", message: rpcError(m.id, RPC_ERROR.invalidRequest, `pipelock refused ${target}: a request with this id is already in flight`, verdict) };
      }
      const checked = await approve(deps, await inspectServerPayload(deps.scanner, m.params ?? {}, "params", deps.host), target);
      emitMcpEvent(deps.sink, { ...event, method: m.method, target, verdict: checked.verdict, ...(checked.subject ? { subject: checked.subject } : {}), ...(checked.approved ? { decision: "allow" as const, action: "ask" as const } : {}) });
      if (checked.verdict.decision === "deny" && !checked.approved) return { kind: "reply", message: rpcError(m.id, RPC_ERROR.responseBlocked, denialMessage(`the server's ${target}`, checked.verdict), checked.verdict) };
      session.fromServer.add(m.id, { method: m.method });
      return checked.changed ? { kind: "forward", message: { ...m.message, params: checked.value }, changed: true } : { kind: "forward", message: m.message, changed: false };
    }
    case "notification": {
      const target = describeTarget(m.method, m.params);
      const checked = await approve(deps, await inspectServerPayload(deps.scanner, m.params ?? {}, "params", deps.host), target);
      emitMcpEvent(deps.sink, { ...event, method: m.method, target, verdict: checked.verdict, ...(checked.subject ? { subject: checked.subject } : {}), ...(checked.approved ? { decision: "allow" as const, action: "ask" as const } : {}) });
      if (checked.verdict.decision === "deny" && !checked.approved) return { kind: "drop" };
      return checked.changed ? { kind: "forward", message: { ...m.message, params: checked.value }, changed: true } : { kind: "forward", message: m.message, changed: false };
    }
    case "result":
    case "error": {
      if (m.id === null) {
        // An error about a message the server could not parse: it answers nothing we sent by id.
        const checked = await inspectServerPayload(deps.scanner, m.kind === "error" ? m.error : {}, "error", deps.host);
        emitMcpEvent(deps.sink, { ...event, method: "error", target: "error (no id)", verdict: checked.verdict });
        return checked.verdict.decision === "deny" ? { kind: "drop" } : { kind: "forward", message: m.message, changed: false };
      }
      const info = replay ? session.fromClient.takeReplayed(m.id) : session.fromClient.take(m.id);
      if (info === undefined) {
        const verdict = failureVerdict("unexpected_response_id", "the server answered a request the client never sent (or answered it twice)");
        emitMcpEvent(deps.sink, { ...event, method: "response", target: `response id ${JSON.stringify(m.id).slice(0, 64)}`, verdict });
        return { kind: "drop" };
      }
      const target = info.tool !== undefined ? `${info.method} ${JSON.stringify(info.tool)}` : info.method;
      if (m.kind === "result" && info.method === "tools/list") {
        const list = await inspectToolList(deps, m.result, startedAt);
        emitMcpEvent(deps.sink, { ...event, method: info.method, target, subject: "tool_description", verdict: list.verdict });
        if (list.verdict.decision === "deny") return blocked(m.id, target, list.verdict);
        return list.changed ? { kind: "forward", message: { ...m.message, result: list.result }, changed: true } : { kind: "forward", message: m.message, changed: false };
      }
      if (m.kind === "result" && info.method === "initialize" && isObject(m.result) && typeof m.result["protocolVersion"] === "string") {
        session.protocolVersion = m.result["protocolVersion"];
      }
      const payload = m.kind === "result" ? m.result : m.error;
      const checked = await approve(deps, await inspectServerPayload(deps.scanner, payload, m.kind, deps.host), target);
      emitMcpEvent(deps.sink, { ...event, method: info.method, target, verdict: checked.verdict, ...(checked.subject ? { subject: checked.subject } : {}), ...(checked.approved ? { decision: "allow" as const, action: "ask" as const } : {}) });
      if (checked.verdict.decision === "deny" && !checked.approved) return blocked(m.id, target, checked.verdict);
      if (!checked.changed) return { kind: "forward", message: m.message, changed: false };
      return { kind: "forward", message: m.kind === "result" ? { ...m.message, result: checked.value } : { ...m.message, error: checked.value }, changed: true };
    }
  }
}

interface Approved {
  readonly verdict: Verdict;
  readonly value: unknown;
  readonly changed: boolean;
  readonly subject?: "content" | "text" | "tool_description" | "tool_call" | "url";
  readonly approved?: boolean;
}

/** `ask` on server content: a human may let it through once. */
async function approve(deps: GuardDeps, checked: Awaited<ReturnType<typeof inspectServerPayload>>, target: string): Promise<Approved> {
  const v = checked.verdict;
  if (v.decision !== "deny" || v.failure !== undefined || v.action !== "ask" || deps.prompter === undefined) return checked;
  const f = decisive(v);
  const yes = await deps.prompter.ask(`pipelock: the server's ${target} matched ${f?.message ?? "a rule"} [${f?.rule_id ?? "?"}]`, deps.settings.askTimeoutMs);
  return { ...checked, approved: yes };
}

/** The client's request gets an error in place of the blocked answer. */
function blocked(id: JsonRpcId, target: string, verdict: Verdict): Outcome {
  return { kind: "forward", message: rpcError(id, RPC_ERROR.responseBlocked, denialMessage(`the server's answer to ${target}`, verdict), verdict), changed: true };
}

function rpcError(id: JsonRpcId, code: number, message: string, verdict: Verdict): JsonObject {
  return errorResponse(id, code, message, denialData(verdict)) as unknown as JsonObject;
}
