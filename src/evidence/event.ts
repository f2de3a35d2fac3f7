/**
 * @module The one event shape every door emits per decision (DESIGN.md §1: doors never write logs or
 * metrics themselves). The recorder, metrics and emitters consume these; a door only builds one and
 * hands it to an EventSink, which must never block or throw into the request path.
 */
import type { Finding, RuleAction, SubjectKind } from "../engine/index.ts";

/** Which door saw the traffic. */
export const DOORS = [
  "forward",
  "connect",
  "fetch",
  "websocket",
  "reverse",
  "mcp_stdio",
  "mcp_http",
  "mcp_ws",
  "scan_api",
  "cli",
] as const;
export type DoorName = (typeof DOORS)[number];

/** One decision. Every string field is already redacted by the door or the engine (findings are). */
export interface DecisionEvent {
  /** ISO-8601 UTC time of the decision. */
  readonly ts: string;
  readonly door: DoorName;
  /** `request` = agent → world, `response` = world → agent. */
  readonly direction: "request" | "response";
  readonly decision: "allow" | "deny";
  /** What was done: the winning rule action, or allow. */
  readonly action: RuleAction | "allow";
  /** What was scanned (several subjects → the one that decided, else the first). */
  readonly subject?: SubjectKind;
  /** Target: host, URL with query values removed, MCP method/tool name. Never carries a secret. */
  readonly target?: string;
  readonly method?: string;
  /** Status returned to the client (HTTP status, WS close code, JSON-RPC error code). */
  readonly status?: number;
  readonly session?: string;
  readonly agent?: string;
  readonly findings: readonly Finding[];
  /** Fail-closed reason (timeout, oversize, parse error, upstream failure...). */
  readonly failure?: string;
  readonly duration_ms?: number;
  /** Bytes inspected for this decision. */
  readonly bytes?: number;
}

/** Where doors hand events. `emit` returns at once (queue hand-off); it never throws. */
export interface EventSink {
  emit(event: DecisionEvent): void;
}

/** `DecisionEvent.failure` a door sets when it denied because the kill switch is active. */
export const KILL_SWITCH_FAILURE = "kill_switch_active";

/** An operational event (not a decision): reloads, kill-switch changes, startup and shutdown. */
export interface OpsEvent {
  readonly ts: string;
  readonly kind: "config_reload" | "kill_switch" | "startup" | "shutdown";
  /** e.g. applied, unchanged, invalid, refused_weakening, applied_weakening; activated, deactivated. */
  readonly outcome: string;
  /** One human sentence; never carries a secret. */
  readonly message: string;
  readonly severity: "info" | "warn" | "critical";
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** The sink the operations layer hands the doors: decisions, plus operational events. */
export interface EvidenceSink extends EventSink {
  emitOps(event: OpsEvent): void;
}

/** A sink that drops everything (tests, one-shot commands). */
export const NULL_SINK: EventSink = { emit() {} };
