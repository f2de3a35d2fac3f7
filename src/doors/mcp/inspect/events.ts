/**
 * @module One DecisionEvent per decision of the MCP door. Targets are the JSON-RPC method and the
 * tool, prompt or resource name — never argument values; findings are already redacted by the
 * engine (door-made findings carry no payload text).
 */
import type { Finding, RuleAction, SubjectKind, Verdict } from "../../../engine/index.ts";
import type { DecisionEvent, DoorName, EventSink } from "../../../evidence/index.ts";

/** Longest target kept in an event. */
const MAX_TARGET_CHARS = 256;

export interface McpEventFields {
  readonly door: DoorName;
  readonly session: string;
  readonly agent?: string;
  readonly direction: "request" | "response";
  readonly verdict: Verdict;
  /** What happened when it differs from the verdict (an `ask` approved, a strip applied). */
  readonly decision?: "allow" | "deny";
  readonly action?: RuleAction | "allow";
  readonly subject?: SubjectKind;
  readonly method?: string;
  readonly target?: string;
  /** JSON-RPC error code returned on a deny. */
  readonly status?: number;
  readonly startedAt: number;
  readonly bytes?: number;
  /** Extra findings to report (drift and binding findings are already in the verdict). */
  readonly findings?: readonly Finding[];
}

export function emitMcpEvent(sink: EventSink, f: McpEventFields): void {
  const target = f.target === undefined ? undefined : f.target.length > MAX_TARGET_CHARS ? `${f.target.slice(0, MAX_TARGET_CHARS)}…` : f.target;
  const event: DecisionEvent = {
    ts: isoNow(),
    door: f.door,
    direction: f.direction,
    decision: f.decision ?? f.verdict.decision,
    action: f.action ?? f.verdict.action,
    findings: f.findings ?? f.verdict.findings,
    session: f.session,
    ...(f.agent !== undefined ? { agent: f.agent } : {}),
    ...(f.subject !== undefined ? { subject: f.subject } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(f.method !== undefined ? { method: f.method } : {}),
    ...(f.status !== undefined ? { status: f.status } : {}),
    ...(f.verdict.failure !== undefined ? { failure: f.verdict.failure } : {}),
    duration_ms: Math.round((performance.now() - f.startedAt) * 1000) / 1000,
    ...(f.bytes !== undefined ? { bytes: f.bytes } : {}),
  };
  try {
    sink.emit(event);
  } catch {
    // A broken sink must not break the relay.
  }
}

let lastMillis = Number.NaN;
let lastIso = "";

/** `new Date().toISOString()`, formatted once per millisecond (a busy session emits many per ms). */
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMillis) {
    lastMillis = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

/** `tools/call "bash"`, `resources/read "file:///x"`, or the bare method. Names only, bounded. */
export function describeTarget(method: string, params: unknown): string {
  const p = params !== null && typeof params === "object" ? (params as Record<string, unknown>) : {};
  const name = typeof p["name"] === "string" ? p["name"] : typeof p["uri"] === "string" ? uriWithoutQuery(p["uri"]) : undefined;
  return name === undefined ? method : `${method} ${JSON.stringify(name.length > 128 ? `${name.slice(0, 128)}…` : name)}`;
}

/** A resource URI without its query and fragment (they can carry data). */
function uriWithoutQuery(uri: string): string {
  const cut = uri.search(/[?#]/);
  return cut < 0 ? uri : `${uri.slice(0, cut)}?…`;
}
