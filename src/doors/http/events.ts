/**
 * @module DecisionEvent builders for the HTTP doors, with targets that never carry a secret: query
 * values and userinfo are always dropped, and the path (or the whole host) is dropped when a DLP or
 * URL finding points into it.
 */
import { BoundedMemo, type Finding, type RuleAction, type SubjectKind } from "../../engine/index.ts";
import type { DecisionEvent, DoorName, EventSink } from "../../evidence/index.ts";

/** Longest target string kept in an event. */
const MAX_TARGET_CHARS = 512;

/** Untainted targets recently redacted (pure function of the URL; cleared when full). */
const MAX_RECENT_TARGETS = 256;
const recentTargets = new BoundedMemo<string, string>(MAX_RECENT_TARGETS);

/** `scheme://host[:port]/path?k1&k2` with values, fragments and credentials removed. */
export function redactTarget(url: string, findings: readonly Finding[] = []): string {
  // Only findings about data in the URL taint it; an SSRF or blocklist finding names a host, not a secret.
  const locations = findings.length === 0 ? [] : findings.filter((f) => f.scanner === "dlp" || /entropy|dlp|canary|secret/.test(f.rule_id)).map((f) => f.location ?? "");
  const hostTainted = locations.some((l) => l === "url" || l.startsWith("url.host") || l.startsWith("url.userinfo"));
  const pathTainted = hostTainted || locations.some((l) => l.startsWith("url.path") || l === "url.href");
  if (!pathTainted) {
    const known = recentTargets.get(url);
    if (known !== undefined) return known;
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "[unparseable URL]";
  }
  const host = hostTainted ? "[redacted]" : u.host;
  const path = pathTainted ? "/[redacted]" : u.pathname;
  const keys = [...new Set([...u.searchParams.keys()])].map((k) => (pathTainted || k.length > 64 ? "[key]" : encodeURIComponent(k)));
  const query = keys.length > 0 ? `?${keys.join("&")}` : "";
  const out = `${u.protocol}//${host}${path}${query}`;
  const shown = out.length > MAX_TARGET_CHARS ? `${out.slice(0, MAX_TARGET_CHARS)}…` : out;
  return pathTainted ? shown : recentTargets.set(url, shown);
}

export interface EventFields {
  readonly door: DoorName;
  readonly direction: "request" | "response";
  readonly decision: "allow" | "deny";
  readonly action?: RuleAction | "allow";
  readonly subject?: SubjectKind;
  readonly target?: string;
  readonly method?: string;
  readonly status?: number;
  readonly agent?: string;
  readonly findings?: readonly Finding[];
  readonly failure?: string;
  readonly startedAt?: number;
  readonly bytes?: number;
}

/** Build and emit one event; the sink contract says emit never throws, but a door never trusts that. */
export function emitDecision(sink: EventSink, f: EventFields): void {
  // Built by assignment in a fixed order (the order the records are written in), not by spreads.
  const event: { -readonly [K in keyof DecisionEvent]: DecisionEvent[K] } = {
    ts: new Date().toISOString(),
    door: f.door,
    direction: f.direction,
    decision: f.decision,
    action: f.action ?? (f.decision === "allow" ? "allow" : "block"),
    findings: f.findings ?? [],
  };
  if (f.subject !== undefined) event.subject = f.subject;
  if (f.target !== undefined) event.target = f.target;
  if (f.method !== undefined) event.method = f.method;
  if (f.status !== undefined) event.status = f.status;
  if (f.agent !== undefined) event.agent = f.agent;
  if (f.failure !== undefined) event.failure = f.failure;
  if (f.startedAt !== undefined) event.duration_ms = Math.round((performance.now() - f.startedAt) * 1000) / 1000;
  if (f.bytes !== undefined) event.bytes = f.bytes;
  try {
    sink.emit(event);
  } catch {
    // A broken sink must not break the request path.
  }
}

/** How an exchange that reached the upstream ended (a relay's outcome). */
export interface ExchangeOutcome {
  readonly decision: "allow" | "deny";
  readonly status: number;
  readonly findings: readonly Finding[];
  readonly failure?: string;
  readonly bytes: number;
}

/**
 * The one event of a relayed exchange: the request's warnings plus the relay's findings. A deny
 * there came from the response (content); an allow with findings is a warn.
 */
export function emitExchange(
  sink: EventSink,
  base: Pick<EventFields, "door" | "method" | "startedAt" | "agent">,
  outcome: ExchangeOutcome,
  requestWarnings: readonly Finding[],
  target: { readonly url: string; readonly subject: SubjectKind },
): void {
  const findings = [...requestWarnings, ...outcome.findings];
  emitDecision(sink, {
    ...base,
    direction: outcome.decision === "deny" ? "response" : "request",
    decision: outcome.decision,
    ...(outcome.decision === "allow" && findings.length > 0 ? { action: "warn" as const } : {}),
    subject: outcome.decision === "deny" ? "content" : target.subject,
    target: redactTarget(target.url, findings),
    status: outcome.status,
    findings,
    ...(outcome.failure ? { failure: outcome.failure } : {}),
    bytes: outcome.bytes,
  });
}
