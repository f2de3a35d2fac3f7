/**
 * @module Verdict helpers for the MCP door: door-made findings (binding, drift, protocol), the
 * section switches applied to an engine verdict (a scanner turned off, or set to warn), and the
 * text of a JSON-RPC denial that names the rule and the config line that would exempt it.
 */
import type { Finding, RuleAction, ScannerName, Verdict } from "../../../engine/index.ts";
import type { McpScanner } from "./scanner.ts";
import type { EnforceAction } from "./settings.ts";

export const ALLOW: Verdict = Object.freeze({ decision: "allow", action: "allow", findings: [], warned: false });

/** Longest denial message sent to a client. */
const MAX_DENIAL_CHARS = 1000;
/** Findings listed in a denial's `data`. */
const MAX_DENIAL_FINDINGS = 5;

export interface DoorFindingInput {
  readonly ruleId: string;
  readonly scanner: ScannerName;
  readonly action: EnforceAction;
  readonly message: string;
  readonly severity?: Finding["severity"];
  readonly exempt?: string;
  readonly location?: string;
  readonly mitre?: readonly string[];
}

export function doorFinding(f: DoorFindingInput): Finding {
  return {
    scanner: f.scanner,
    rule_id: f.ruleId,
    severity: f.severity ?? "high",
    action: f.action,
    message: f.message,
    ...(f.location ? { location: f.location } : {}),
    ...(f.exempt ? { exempt: f.exempt } : {}),
    ...(f.mitre ? { mitre: f.mitre } : {}),
  };
}

/** A deny that is not a policy decision but a protocol failure (never downgraded, never suppressed). */
export function failureVerdict(failure: string, message: string, ruleId = `mcp.${failure}`): Verdict {
  return { decision: "deny", action: "block", warned: false, failure, findings: [{ scanner: "engine", rule_id: ruleId, severity: "high", action: "block", message }] };
}

export interface Adjustment {
  /** Scanners whose findings are ignored here (their section is off). */
  readonly off?: readonly ScannerName[];
  /** Scanners whose findings only warn here (their section's action is warn). */
  readonly warn?: readonly ScannerName[];
}

/**
 * Merge a verdict with extra findings and apply section switches, re-deciding under the policy.
 * An engine failure stays a deny whatever the switches say.
 */
export function settle(scanner: McpScanner, verdict: Verdict, extra: readonly Finding[], adjust: Adjustment, tool?: string): Verdict {
  if (verdict.failure !== undefined) return verdict;
  const off = adjust.off ?? [];
  const warn = adjust.warn ?? [];
  const touches = verdict.findings.some((f) => off.includes(f.scanner) || (warn.includes(f.scanner) && f.action !== "warn"));
  if (extra.length === 0 && !touches) return verdict;
  const findings: Finding[] = [];
  for (const f of [...verdict.findings, ...extra]) {
    if (off.includes(f.scanner)) continue;
    findings.push(warn.includes(f.scanner) && f.action !== "warn" ? { ...f, action: "warn" as RuleAction } : f);
  }
  return scanner.decide(findings, tool);
}

/** The strictest of two verdicts (deny beats allow; a failure wins). */
export function stricter(a: Verdict, b: Verdict): Verdict {
  if (a.failure !== undefined) return a;
  if (b.failure !== undefined) return b;
  if (a.decision !== b.decision) return a.decision === "deny" ? a : b;
  if (a.decision === "allow") return b.warned && !a.warned ? b : a;
  return RANK[a.action as RuleAction] >= RANK[b.action as RuleAction] ? a : b;
}

const RANK: Readonly<Record<RuleAction, number>> = { warn: 0, strip: 1, ask: 2, redirect: 3, block: 4 };

/** The finding that decided a deny: the first one carrying the verdict's action. */
export function decisive(verdict: Verdict): Finding | undefined {
  return verdict.findings.find((f) => f.action === verdict.action) ?? verdict.findings.find((f) => f.action !== "warn") ?? verdict.findings[0];
}

/** `pipelock blocked tools/call "bash": <rule name> [rule id]. To allow it: <exemption>` */
export function denialMessage(what: string, verdict: Verdict): string {
  const f = decisive(verdict);
  const head = `pipelock blocked ${what}`;
  if (f === undefined) return head;
  const exempt = f.exempt ? ` To allow it, add to the config: ${oneLineExemption(f.exempt)}` : "";
  const text = `${head}: ${f.message} [${f.rule_id}].${exempt}`;
  return text.length > MAX_DENIAL_CHARS ? `${text.slice(0, MAX_DENIAL_CHARS)}…` : text;
}

/** `error.data` of a denial: rule ids, scanners, severities, exemptions (all already redacted). */
export function denialData(verdict: Verdict): Record<string, unknown> {
  const findings = verdict.findings.filter((f) => f.action !== "warn").slice(0, MAX_DENIAL_FINDINGS);
  return {
    blocked_by: "pipelock",
    ...(verdict.failure ? { failure: verdict.failure } : {}),
    findings: findings.map((f) => ({ rule_id: f.rule_id, scanner: f.scanner, severity: f.severity, message: f.message, ...(f.exempt ? { exempt: f.exempt } : {}) })),
  };
}

/** A YAML block snippet as one flow-style line: `suppress: [{rule: x, tool: "y", reason: "…"}]`. */
export function oneLineExemption(snippet: string): string {
  const lines = snippet.split("\n");
  const m = /^(\w+):$/.exec(lines[0] ?? "");
  if (m === null || !/^\s*- /.test(lines[1] ?? "")) return snippet.replace(/\n\s*/g, " ");
  const pairs = lines.slice(1).map((l) => l.replace(/^\s*-?\s*/, "")).filter((l) => l.length > 0);
  return `${m[1]}: [{${pairs.join(", ")}}]`;
}
