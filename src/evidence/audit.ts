/**
 * @module The audit record: one flat, structured JSON object per event, the same for every door.
 * It is what the flight recorder stores and what webhook, syslog and OTLP send. The decisive
 * finding (the one whose action won, else the most severe) supplies scanner, rule id, severity,
 * MITRE technique and excerpt; the rest are listed (bounded) in `findings`.
 */
import { SEVERITIES, type Finding } from "../engine/index.ts";
import { KILL_SWITCH_FAILURE, type DecisionEvent, type OpsEvent } from "./event.ts";
import { primaryTechnique, techniquesOf } from "./mitre.ts";

/** Findings listed per record; the count says how many there were. */
export const MAX_FINDINGS_PER_RECORD = 16;

export type EventSeverity = "info" | "warn" | "critical";
export const EVENT_SEVERITY_RANK: Readonly<Record<EventSeverity, number>> = { info: 0, warn: 1, critical: 2 };

export interface AuditFinding {
  readonly scanner: string;
  readonly rule_id: string;
  readonly severity: string;
  readonly action: string;
  readonly message: string;
  readonly location?: string;
  readonly excerpt?: string;
  readonly mitre?: readonly string[];
}

export interface AuditRecord {
  /** blocked | allowed | warned | kill_switch_deny | config_reload | kill_switch | startup | shutdown */
  readonly event: string;
  readonly severity: EventSeverity;
  readonly ts: string;
  readonly message: string;
  readonly door?: string;
  readonly direction?: string;
  readonly decision?: "allow" | "deny";
  readonly action?: string;
  readonly subject?: string;
  readonly target?: string;
  readonly method?: string;
  readonly status?: number;
  readonly session?: string;
  readonly agent?: string;
  readonly scanner?: string;
  readonly rule_id?: string;
  readonly rule_severity?: string;
  readonly mitre_technique?: string;
  readonly mitre?: readonly string[];
  readonly excerpt?: string;
  readonly location?: string;
  readonly failure?: string;
  readonly duration_ms?: number;
  readonly bytes?: number;
  readonly findings_count?: number;
  readonly findings?: readonly AuditFinding[];
  /** Operational events: outcome and structured detail. */
  readonly outcome?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

const ACTION_RANK: Readonly<Record<string, number>> = { block: 5, redirect: 4, ask: 3, strip: 2, warn: 1 };
const SEV_RANK = (s: string) => SEVERITIES.length - SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);

/** The finding that decided: same action as the event, most severe first; else the most severe. */
export function decisiveFinding(event: DecisionEvent): Finding | undefined {
  let best: Finding | undefined;
  let bestScore = -1;
  for (const f of event.findings) {
    const score = (f.action === event.action ? 100 : 0) + (ACTION_RANK[f.action] ?? 0) * 10 + SEV_RANK(f.severity);
    if (score > bestScore) {
      best = f;
      bestScore = score;
    }
  }
  return best;
}

/** Severity for emitters: critical findings and kill-switch denials are critical; denials and warnings warn. */
export function eventSeverity(event: DecisionEvent): EventSeverity {
  if (event.failure === KILL_SWITCH_FAILURE) return "critical";
  if (event.decision === "deny") return event.findings.some((f) => f.severity === "critical") ? "critical" : "warn";
  return event.findings.length > 0 ? "warn" : "info";
}

export function eventName(event: DecisionEvent): string {
  if (event.failure === KILL_SWITCH_FAILURE) return "kill_switch_deny";
  if (event.decision === "deny") return "blocked";
  return event.findings.length > 0 ? "warned" : "allowed";
}

/** DecisionEvent → AuditRecord (strings are taken as given: redact first). */
export function toAuditRecord(event: DecisionEvent): AuditRecord {
  const top = decisiveFinding(event);
  const ids = top ? techniquesOf(top) : [];
  const name = eventName(event);
  const what = event.target ?? event.subject ?? "request";
  const message =
    name === "kill_switch_deny" ? `${event.door}: denied ${what} (kill switch active)`
    : top ? `${event.door}: ${event.decision === "deny" ? "blocked" : "allowed with findings"} ${what}: ${top.rule_id} (${top.severity})`
    : event.decision === "deny" ? `${event.door}: denied ${what}${event.failure ? ` (${event.failure})` : ""}`
    : `${event.door}: allowed ${what}`;
  const r: Record<string, unknown> = {
    event: name,
    severity: eventSeverity(event),
    ts: event.ts,
    message,
    door: event.door,
    direction: event.direction,
    decision: event.decision,
    action: event.action,
  };
  setIf(r, "subject", event.subject);
  setIf(r, "target", event.target);
  setIf(r, "method", event.method);
  setIf(r, "status", event.status);
  setIf(r, "session", event.session);
  setIf(r, "agent", event.agent);
  if (top) {
    r.scanner = top.scanner;
    r.rule_id = top.rule_id;
    r.rule_severity = top.severity;
    setIf(r, "mitre_technique", primaryTechnique(ids));
    if (ids.length > 0) r.mitre = ids;
    setIf(r, "excerpt", top.excerpt);
    setIf(r, "location", top.location);
  }
  setIf(r, "failure", event.failure);
  setIf(r, "duration_ms", event.duration_ms);
  setIf(r, "bytes", event.bytes);
  if (event.findings.length > 0) {
    r.findings_count = event.findings.length;
    r.findings = event.findings.slice(0, MAX_FINDINGS_PER_RECORD).map(compactFinding);
  }
  return r as unknown as AuditRecord;
}

/**
 * What the flight recorder stores per decision: the event exactly as the door built it (after
 * redaction), plus the derived name, severity, decisive rule and technique. Nothing is stored twice
 * (the emitted AuditRecord repeats the decisive finding at the top level; on disk that would cost
 * bytes and hashing time for every entry).
 */
export function toRecorderDetail(event: DecisionEvent): Record<string, unknown> {
  const top = decisiveFinding(event);
  const technique = top ? primaryTechnique(techniquesOf(top)) : undefined;
  return {
    event: eventName(event),
    severity: eventSeverity(event),
    ...(top ? { rule_id: top.rule_id } : {}),
    ...(technique !== undefined ? { mitre_technique: technique } : {}),
    ...event,
  };
}

export function opsAuditRecord(event: OpsEvent): AuditRecord {
  return { event: event.kind, severity: event.severity, ts: event.ts, message: event.message, outcome: event.outcome, ...(event.detail ? { detail: event.detail } : {}) };
}

function compactFinding(f: Finding): AuditFinding {
  const out: Record<string, unknown> = { scanner: f.scanner, rule_id: f.rule_id, severity: f.severity, action: f.action, message: f.message };
  setIf(out, "location", f.location);
  setIf(out, "excerpt", f.excerpt);
  const ids = techniquesOf(f);
  if (ids.length > 0) out.mitre = ids;
  return out as unknown as AuditFinding;
}

function setIf(o: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) o[key] = value;
}
