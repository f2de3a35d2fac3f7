/**
 * @module Decision metrics from events: the one place decisions are counted (doors never count
 * them). Cost: a handful of Map lookups per event, paid in the evidence drain, not in emit().
 */
import { KILL_SWITCH_FAILURE, type DecisionEvent } from "../event.ts";
import { primaryTechnique, techniquesOf } from "../mitre.ts";
import type { PipelockMetrics } from "./families.ts";

const MCP_DOORS = new Set(["mcp_stdio", "mcp_http", "mcp_ws"]);

export function observeDecision(m: PipelockMetrics, e: DecisionEvent): void {
  m.requests.inc([e.door, e.decision]);
  m.decisions.inc([e.door, e.direction, e.action]);
  if (e.agent !== undefined) m.agentRequests.inc([e.agent, e.decision]);
  if (e.decision === "allow" && e.findings.length > 0) m.warned.inc([e.door]);
  if (e.failure !== undefined) {
    if (e.failure === KILL_SWITCH_FAILURE) m.killSwitchDenials.inc([e.door]);
    else m.scanFailures.inc([e.door, e.failure]);
  }
  for (const f of e.findings) {
    m.findings.inc([f.scanner, f.rule_id, f.action]);
    m.findingsBySeverity.inc([f.scanner, f.severity]);
    const t = primaryTechnique(techniquesOf(f));
    if (t !== undefined) m.mitreTechniques.inc([t]);
  }
  if (e.duration_ms !== undefined) m.scanDuration.observe([e.door, e.subject ?? "none"], e.duration_ms / 1000);
  if (e.bytes !== undefined) m.bytesScanned.inc([e.door, e.direction], e.bytes);
  if (e.status !== undefined && e.status >= 100 && e.status < 600) m.responses.inc([e.door, `${Math.floor(e.status / 100)}xx`]);
  if (MCP_DOORS.has(e.door)) m.mcpMessages.inc([e.door, e.direction, e.decision]);
  if (e.subject === "tool_call") m.toolCalls.inc([e.decision]);
  if (e.door === "scan_api") m.scanApiRequests.inc([e.subject ?? "none", e.decision]);
}
