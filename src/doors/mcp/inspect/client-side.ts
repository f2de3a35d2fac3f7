/**
 * @module Messages from the client on their way to the server. `tools/call` goes through session
 * binding, the engine's tool_call scan (tool policy, DLP, injection in arguments) and chain
 * detection, then the action (a call about to be sent also passes cross-request detection): forward, deny with a JSON-RPC error, ask a human, or redirect. Other
 * requests and notifications get DLP; the client's answers to server requests must match a request
 * the server really sent, and get DLP too (they leave the machine).
 */
import type { Finding, Verdict } from "../../../engine/index.ts";
import { errorResponse, RPC_ERROR, type Classified, type JsonObject } from "../jsonrpc/index.ts";
import { observeToolCall } from "./cross-request.ts";
import { describeTarget, emitMcpEvent } from "./events.ts";
import type { GuardDeps, Outcome } from "./guard-types.ts";
import { inputAdjustment, inspectClientPayload, inspectServerPayload } from "./payload.ts";
import { decisive, denialData, denialMessage, doorFinding, failureVerdict, settle } from "./verdicts.ts";

type Message = Exclude<Classified, { kind: "invalid" }>;

export async function fromClient(deps: GuardDeps, m: Message, bytes: number, startedAt: number): Promise<Outcome> {
  const { session } = deps;
  const event = { door: deps.door, session: session.id, direction: "request" as const, startedAt, bytes, ...(deps.agent ? { agent: deps.agent } : {}) };
  switch (m.kind) {
    case "request": {
      const target = describeTarget(m.method, m.params);
      if (session.fromClient.has(m.id)) {
        const verdict = failureVerdict("duplicate_request_id", "a request with this id is already in flight");
        emitMcpEvent(deps.sink, { ...event, method: m.method, target, verdict, status: RPC_ERROR.invalidRequest });
        return { kind: "reply", message: error(m.id, RPC_ERROR.invalidRequest, `pipelock refused ${target}: a request with this id is already in flight`, verdict) };
      }
      if (m.method === "tools/call") return toolCall(deps, m, event);
      const result = await inspectClientPayload(deps.scanner, deps.settings, m.params ?? {}, "params", typeof m.id === "string" ? [m.id] : []);
      emitMcpEvent(deps.sink, { ...event, method: m.method, target, verdict: result.verdict, ...(result.subject ? { subject: result.subject } : {}), ...(result.verdict.decision === "deny" ? { status: RPC_ERROR.requestBlocked } : {}) });
      if (result.verdict.decision === "deny") return { kind: "reply", message: error(m.id, RPC_ERROR.requestBlocked, denialMessage(target, result.verdict), result.verdict) };
      session.fromClient.add(m.id, { method: m.method });
      return { kind: "forward", message: m.message, changed: false };
    }
    case "notification": {
      const result = await inspectClientPayload(deps.scanner, deps.settings, m.params ?? {}, "params");
      emitMcpEvent(deps.sink, { ...event, method: m.method, target: m.method, verdict: result.verdict, ...(result.subject ? { subject: result.subject } : {}) });
      return result.verdict.decision === "deny" ? { kind: "drop" } : { kind: "forward", message: m.message, changed: false };
    }
    case "result":
    case "error": {
      const info = m.id === null ? undefined : session.fromServer.take(m.id);
      if (info === undefined) {
        const verdict = failureVerdict("unexpected_response_id", "the client answered a request the server never sent");
        emitMcpEvent(deps.sink, { ...event, method: "response", target: "response", verdict });
        return { kind: "drop" };
      }
      const payload = m.kind === "result" ? m.result : m.error;
      const result = await inspectClientPayload(deps.scanner, deps.settings, payload, m.kind);
      emitMcpEvent(deps.sink, { ...event, method: info.method, target: `${info.method} (answer)`, verdict: result.verdict, ...(result.subject ? { subject: result.subject } : {}) });
      if (result.verdict.decision === "deny") {
        // The server still gets an answer (so it is not left waiting), but not the data.
        return { kind: "forward", message: error(m.id!, RPC_ERROR.requestBlocked, denialMessage(`the client's answer to ${info.method}`, result.verdict), result.verdict), changed: true };
      }
      return { kind: "forward", message: m.message, changed: false };
    }
  }
}

type EventBase = { door: GuardDeps["door"]; session: string; direction: "request"; startedAt: number; bytes: number; agent?: string };

async function toolCall(deps: GuardDeps, m: Extract<Message, { kind: "request" }>, event: EventBase): Promise<Outcome> {
  const { session, settings, scanner } = deps;
  const params = m.params ?? {};
  const name = params["name"];
  const target = describeTarget(m.method, params);
  if (typeof name !== "string" || name.length === 0) {
    const verdict = failureVerdict("invalid_tool_call", 'tools/call needs a string "name"');
    emitMcpEvent(deps.sink, { ...event, method: m.method, target, verdict, status: RPC_ERROR.invalidRequest });
    return { kind: "reply", message: error(m.id, -32602, "pipelock refused tools/call: params.name must be a non-empty string", verdict) };
  }
  const args = params["arguments"] ?? {};
  const scanned = await scanner.scan({ kind: "tool_call", toolName: name, arguments: args });
  const chain = await scanner.chain(session.id, name, args);
  const verdict = settle(scanner, scanned, [...bindingFindings(deps, name), ...chain.findings], inputAdjustment(settings), name);
  const code = decisive(verdict)?.scanner === "tool_policy" ? RPC_ERROR.toolPolicyBlocked : RPC_ERROR.requestBlocked;
  const forward = async (message: JsonObject, changed: boolean, info: { tool: string; redirectedFrom?: string }, shown: Verdict, action?: "ask" | "redirect"): Promise<Outcome> => {
    // Last gate before the server: pieces of a secret spread over several calls.
    const sent = (message["params"] as JsonObject | undefined)?.["arguments"] ?? {};
    const cross = await observeToolCall(deps, info.tool, sent);
    if (cross.decision === "deny") return deny(cross, denialMessage(target, cross), RPC_ERROR.requestBlocked);
    if (cross.findings.length > 0) shown = { ...shown, warned: true, findings: [...shown.findings, ...cross.findings] };
    await chain.commit(info.redirectedFrom === undefined);
    session.fromClient.add(m.id, { method: m.method, ...info });
    emitMcpEvent(deps.sink, { ...event, method: m.method, target, subject: "tool_call", verdict: shown, decision: "allow", ...(action ? { action } : {}) });
    return { kind: "forward", message, changed };
  };
  const deny = async (why: Verdict, message = denialMessage(target, why), status = code): Promise<Outcome> => {
    await chain.commit(false);
    emitMcpEvent(deps.sink, { ...event, method: m.method, target, subject: "tool_call", verdict: why, status });
    return { kind: "reply", message: error(m.id, status, message, why) };
  };
  if (verdict.decision === "allow") return forward(m.message, false, { tool: name }, verdict);
  if (verdict.failure === undefined && verdict.action === "ask") {
    const f = decisive(verdict);
    const yes = deps.prompter !== undefined && (await deps.prompter.ask(`pipelock: the agent calls ${target}, which matched ${f?.message ?? "a rule"} [${f?.rule_id ?? "?"}]`, settings.askTimeoutMs));
    return yes ? forward(m.message, false, { tool: name }, verdict, "ask") : deny(verdict, `${denialMessage(target, verdict)} (ask: no approval)`);
  }
  if (verdict.failure === undefined && verdict.action === "redirect") return redirect(deps, m, name, args, verdict, forward, deny, event);
  return deny(verdict);
}

async function redirect(
  deps: GuardDeps,
  m: Extract<Message, { kind: "request" }>,
  name: string,
  args: unknown,
  verdict: Verdict,
  forward: (message: JsonObject, changed: boolean, info: { tool: string; redirectedFrom?: string }, shown: Verdict, action?: "redirect") => Promise<Outcome>,
  deny: (why: Verdict, message?: string) => Promise<Outcome>,
  event: EventBase,
): Promise<Outcome> {
  const rule = decisive(verdict)?.rule_id ?? "";
  const profile = deps.settings.policy.redirects[rule];
  const target = describeTarget(m.method, m.params);
  if (profile === undefined) return deny(verdict, `${denialMessage(target, verdict)} (redirect: no profile configured for ${rule})`);
  if (profile.kind === "tool") {
    const swapped = profile.preserveArguments ? args : (profile.arguments ?? {});
    const message = { ...m.message, params: { ...(m.params ?? {}), name: profile.tool, arguments: swapped } };
    return forward(message, true, { tool: profile.tool, redirectedFrom: name }, verdict, "redirect");
  }
  if (deps.redirector === undefined) return deny(verdict, `${denialMessage(target, verdict)} (redirect: handlers are not available here)`);
  const ran = await deps.redirector.run(profile, { tool: name, arguments: args, ruleId: rule });
  if (!ran.ok) return deny(verdict, `${denialMessage(target, verdict)} (redirect: ${ran.reason})`);
  // The handler's output is content like any tool result: scanned before the agent reads it.
  const result = { content: [{ type: "text", text: ran.text }], _meta: { "dev.pipelock/redirected": { profile: profile.name, rule, reason: profile.reason } } };
  const checked = await inspectServerPayload(deps.scanner, result, "result", deps.host);
  if (checked.verdict.decision === "deny") return deny(checked.verdict, denialMessage(`the redirect result for ${target}`, checked.verdict));
  emitMcpEvent(deps.sink, { ...event, method: m.method, target, subject: "tool_call", verdict, decision: "deny", action: "redirect" });
  return { kind: "reply", message: { jsonrpc: "2.0", id: m.id, result: checked.value } };
}

/** Session binding: a call to a tool this session never listed (or refused) is a finding. */
function bindingFindings(deps: GuardDeps, name: string): Finding[] {
  const { settings, session } = deps;
  const callable = session.registry.callable(name);
  if (callable.ok) return [];
  if (callable.why === "blocked") {
    return [doorFinding({ ruleId: "mcp.tool_blocked", scanner: "tool_description", action: "block", message: `Tool "${name}" was refused when it was listed: ${callable.detail ?? ""}`.trim(), location: "tool" })];
  }
  if (!settings.binding.enabled) return [];
  const noList = callable.why === "no_list";
  return [
    doorFinding({
      ruleId: noList ? "mcp.session_binding.no_list" : "mcp.session_binding.unlisted",
      scanner: "tool_description",
      action: noList ? settings.binding.noBaselineAction : settings.binding.unknownToolAction,
      message: noList ? `Tool "${name}" called before any tools/list in this session` : `Tool "${name}" was never listed by the server in this session`,
      location: "tool",
      mitre: ["T1565"],
      exempt: noList ? "mcp_session_binding: {no_baseline_action: warn}" : "mcp_session_binding: {unknown_tool_action: warn}",
    }),
  ];
}

function error(id: Extract<Message, { kind: "request" }>["id"], code: number, message: string, verdict: Verdict): JsonObject {
  return errorResponse(id, code, message, denialData(verdict)) as unknown as JsonObject;
}

