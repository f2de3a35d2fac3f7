/**
 * @module A `tools/list` result on its way to the client: every tool is scanned for poisoning
 * (cached by fingerprint) and compared with its first definition in the session or its pinned
 * baseline. A tool that is poisoned, drifted or unpinned (with the switch on block) is removed
 * from the list and blocked for the session, so the model never reads it and a call to it is
 * denied; the other tools go through. Other fields of the result get the usual content scan.
 */
import type { Finding, Verdict } from "../../../engine/index.ts";
import { isObject, type JsonObject } from "../jsonrpc/index.ts";
import { MAX_TOOLS } from "../session/index.ts";
import { emitMcpEvent } from "./events.ts";
import type { GuardDeps } from "./guard-types.ts";
import { inspectServerPayload } from "./payload.ts";
import { doorFinding, failureVerdict, settle, stricter, ALLOW } from "./verdicts.ts";

export interface ToolListResult {
  /** The result to forward (tools removed when some were refused), or a deny for the whole list. */
  readonly result: JsonObject;
  readonly changed: boolean;
  readonly verdict: Verdict;
}

export async function inspectToolList(deps: GuardDeps, result: unknown, startedAt: number): Promise<ToolListResult> {
  const { session, settings } = deps;
  if (!isObject(result) || !Array.isArray(result["tools"])) {
    return { result: {}, changed: false, verdict: failureVerdict("invalid_tool_list", 'tools/list result has no "tools" array') };
  }
  const tools = result["tools"] as unknown[];
  if (tools.length > MAX_TOOLS) return { result, changed: false, verdict: failureVerdict("invalid_tool_list", `tools/list returned more than ${MAX_TOOLS} tools`) };
  const kept: unknown[] = [];
  let removed = 0;
  let warned: Finding[] = [];
  for (const tool of tools) {
    const name = isObject(tool) && typeof tool["name"] === "string" && tool["name"].length > 0 ? tool["name"] : undefined;
    if (name === undefined) {
      removed++;
      emitMcpEvent(deps.sink, { ...base(deps, startedAt), target: "tools/list", verdict: failureVerdict("invalid_tool", "a listed tool has no name") });
      continue;
    }
    const verdict = await inspectTool(deps, name, tool);
    if (verdict.decision === "deny") {
      removed++;
      session.registry.block(name, verdict.findings[0]?.message ?? "refused");
      emitMcpEvent(deps.sink, { ...base(deps, startedAt), target: `tools/list ${JSON.stringify(name)}`, subject: "tool_description", verdict, action: "block" });
      continue;
    }
    session.registry.accept(name);
    kept.push(tool);
    if (verdict.warned) {
      warned = [...warned, ...verdict.findings];
      emitMcpEvent(deps.sink, { ...base(deps, startedAt), target: `tools/list ${JSON.stringify(name)}`, subject: "tool_description", verdict });
    }
  }
  session.registry.markListed();
  // The rest of the result (cursor, _meta) is ordinary server content.
  const { tools: _tools, ...rest } = result;
  const others = await inspectServerPayload(deps.scanner, rest, "result", deps.host);
  if (others.verdict.decision === "deny") return { result, changed: false, verdict: others.verdict };
  const out: JsonObject = removed > 0 ? { ...(others.changed ? (others.value as JsonObject) : rest), tools: kept } : others.changed ? { ...(others.value as JsonObject), tools } : result;
  const verdict = warned.length > 0 ? { ...ALLOW, warned: true, findings: warned } : others.verdict;
  return { result: out, changed: removed > 0 || others.changed, verdict: removed > 0 ? { ...verdict, warned: true } : verdict };
}

/** One tool: poisoning scan, drift or pin check, section switches. */
async function inspectTool(deps: GuardDeps, name: string, tool: unknown): Promise<Verdict> {
  const { settings, scanner, session } = deps;
  const observation = session.registry.observe(name, tool);
  const extra: Finding[] = [];
  if (observation.status === "over_limit") return failureVerdict("too_many_tools", `more than the session limit of tools`);
  if (settings.tools.detectDrift && observation.status === "drift") {
    extra.push(
      doorFinding({
        ruleId: "mcp.tool_drift",
        scanner: "tool_description",
        action: settings.tools.driftAction,
        severity: "critical",
        message: `Tool "${name}" changed since ${observation.against === "baseline" ? "its pinned baseline" : "it was first listed in this session"} (rug pull): ${observation.change}`,
        location: "tool",
        mitre: ["T1195"],
        exempt: observation.against === "baseline" ? "re-pin with `pipelock mcp baseline`, or mcp_tool_scanning: {drift_action: warn}" : "mcp_tool_scanning: {drift_action: warn}",
      }),
    );
  }
  if (observation.status === "unpinned") {
    extra.push(
      doorFinding({
        ruleId: "mcp.tool_unpinned",
        scanner: "tool_description",
        action: settings.tools.driftAction,
        message: `Tool "${name}" is not in the pinned baseline`,
        location: "tool",
        exempt: "re-pin with `pipelock mcp baseline`, or mcp_tool_scanning: {drift_action: warn}",
      }),
    );
  }
  const scanned = settings.tools.enabled ? await scanner.scanTool(tool, observation.fingerprint) : ALLOW;
  // The description scan runs poisoning, injection and DLP rules: the section switch covers all three.
  const adjust = { warn: settings.tools.action === "warn" ? DESCRIPTION_SCANNERS : [] };
  // Drift findings keep their own action: the poisoning switch does not soften a rug pull.
  const poisoning = settle(scanner, scanned, [], adjust, name);
  if (extra.length === 0) return poisoning;
  return stricter(poisoning, scanner.decide(extra, name));
}

const DESCRIPTION_SCANNERS = ["tool_description", "prompt_injection", "dlp"] as const;

function base(deps: GuardDeps, startedAt: number) {
  return { door: deps.door, session: deps.session.id, direction: "response" as const, method: "tools/list", startedAt, ...(deps.agent ? { agent: deps.agent } : {}) };
}
