/**
 * @module Every `pipelock_*` metric family, created once per process on one Registry. Decision
 * metrics are fed from DecisionEvents by the fan-out sink (doors never count decisions
 * themselves); connection-level families (tunnels, WebSockets, MCP sessions, upstream errors) are
 * bumped by the doors through the exported object. Label values are bounded: doors, scanners,
 * rule ids and actions come from closed sets; agents are capped by the registry.
 */
import { BUILD_COMMIT, ENGINE_VERSION, VERSION } from "../../version.ts";
import { Registry, type Counter, type Gauge, type Histogram } from "./registry.ts";

/** Scan and request latency buckets, seconds (100 µs … 10 s). */
export const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
/** Long-lived connection buckets, seconds (1 s … 1 h). */
export const CONNECTION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600] as const;
/** Emitter round-trip and fsync buckets, seconds (1 ms … 30 s). */
export const IO_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

export interface PipelockMetrics {
  readonly registry: Registry;
  // build and process
  readonly buildInfo: Gauge;
  readonly startTime: Gauge;
  readonly processCpu: Counter;
  readonly processResident: Gauge;
  readonly processHeap: Gauge;
  readonly processOpenFds: Gauge;
  readonly processEventLoopLag: Gauge;
  // decisions (fed by the fan-out sink from events)
  readonly requests: Counter;
  readonly decisions: Counter;
  readonly findings: Counter;
  readonly findingsBySeverity: Counter;
  readonly mitreTechniques: Counter;
  readonly scanFailures: Counter;
  readonly scanDuration: Histogram;
  readonly bytesScanned: Counter;
  readonly warned: Counter;
  readonly agentRequests: Counter;
  readonly responses: Counter;
  readonly mcpMessages: Counter;
  readonly toolCalls: Counter;
  readonly scanApiRequests: Counter;
  // connections (bumped by the doors)
  readonly tunnels: Counter;
  readonly tunnelsActive: Gauge;
  readonly tunnelBytes: Counter;
  readonly tunnelDuration: Histogram;
  readonly wsConnections: Counter;
  readonly wsConnectionsActive: Gauge;
  readonly wsFrames: Counter;
  readonly wsBytes: Counter;
  readonly mcpSessionsActive: Gauge;
  readonly upstreamErrors: Counter;
  readonly upstreamDuration: Histogram;
  readonly tlsIntercepts: Counter;
  readonly rateLimited: Counter;
  // evidence pipeline
  readonly events: Counter;
  readonly eventQueueDepth: Gauge;
  readonly emitterQueueDepth: Gauge;
  readonly emitterQueueCapacity: Gauge;
  readonly emitterSent: Counter;
  readonly emitterDropped: Counter;
  readonly emitterRetries: Counter;
  readonly emitterFailures: Counter;
  readonly emitterFiltered: Counter;
  readonly emitterSendDuration: Histogram;
  readonly recorderEntries: Counter;
  readonly recorderBytes: Counter;
  readonly recorderCheckpoints: Counter;
  readonly recorderRotations: Counter;
  readonly recorderWriteErrors: Counter;
  readonly recorderFlushes: Counter;
  readonly recorderFsyncDuration: Histogram;
  readonly recorderRedactions: Counter;
  readonly recorderLastSeq: Gauge;
  readonly recorderFilesPruned: Counter;
  // operations
  readonly reloads: Counter;
  readonly reloadWeakenings: Counter;
  readonly lastReloadSuccess: Gauge;
  readonly lastReloadSuccessTime: Gauge;
  readonly policyRules: Gauge;
  readonly policyPacks: Gauge;
  readonly killSwitchActive: Gauge;
  readonly killSwitchEngaged: Gauge;
  readonly killSwitchToggles: Counter;
  readonly killSwitchDenials: Counter;
  readonly adminRequests: Counter;
  readonly adminAuthFailures: Counter;
}

/** Create every family on a fresh registry (one per process; tests make their own). */
export function createMetrics(options: { maxSeriesPerFamily?: number } = {}): PipelockMetrics {
  const r = new Registry(options.maxSeriesPerFamily);
  const m: PipelockMetrics = {
    registry: r,
    buildInfo: r.gauge("pipelock_build_info", "Build identity; always 1.", ["version", "engine_version", "commit"]),
    startTime: r.gauge("pipelock_start_time_seconds", "Unix time the process started."),
    processCpu: r.counter("pipelock_process_cpu_seconds_total", "User and system CPU time spent by this process."),
    processResident: r.gauge("pipelock_process_resident_memory_bytes", "Resident set size."),
    processHeap: r.gauge("pipelock_process_heap_used_bytes", "JavaScript heap in use."),
    processOpenFds: r.gauge("pipelock_process_open_fds", "Open file descriptors (Linux)."),
    processEventLoopLag: r.gauge("pipelock_process_event_loop_lag_seconds", "Delay of the last event-loop probe timer beyond its due time."),

    requests: r.counter("pipelock_requests_total", "Decisions made, by door and decision.", ["door", "decision"]),
    decisions: r.counter("pipelock_decisions_total", "Decisions by door, direction and action taken.", ["door", "direction", "action"]),
    findings: r.counter("pipelock_findings_total", "Findings by scanner, rule and action.", ["scanner", "rule", "action"]),
    findingsBySeverity: r.counter("pipelock_findings_by_severity_total", "Findings by scanner and severity.", ["scanner", "severity"]),
    mitreTechniques: r.counter("pipelock_mitre_technique_hits_total", "Findings by MITRE ATT&CK/ATLAS technique id.", ["technique"]),
    scanFailures: r.counter("pipelock_scan_failures_total", "Fail-closed denials (timeout, oversize, parse error, upstream failure...).", ["door", "reason"]),
    scanDuration: r.histogram("pipelock_scan_duration_seconds", "Time from request start to decision, by door and subject kind.", ["door", "subject"], LATENCY_BUCKETS),
    bytesScanned: r.counter("pipelock_scanned_bytes_total", "Bytes inspected, by door and direction.", ["door", "direction"]),
    warned: r.counter("pipelock_warned_total", "Allowed decisions that carried findings (warn, audit mode, enforce: false).", ["door"]),
    agentRequests: r.counter("pipelock_agent_requests_total", "Decisions by agent (bounded: extra agents fold into _other).", ["agent", "decision"]),
    responses: r.counter("pipelock_responses_total", "Statuses answered to clients, by door and class (2xx, 4xx, ...).", ["door", "class"]),
    mcpMessages: r.counter("pipelock_mcp_messages_total", "MCP messages inspected, by door, direction and decision.", ["door", "direction", "decision"]),
    toolCalls: r.counter("pipelock_mcp_tool_calls_total", "Tool calls inspected, by decision.", ["decision"]),
    scanApiRequests: r.counter("pipelock_scan_api_decisions_total", "Scan API decisions by subject kind and decision.", ["subject", "decision"]),

    tunnels: r.counter("pipelock_tunnels_total", "CONNECT tunnels by result (opened, refused, error).", ["result"]),
    tunnelsActive: r.gauge("pipelock_tunnels_active", "CONNECT tunnels open now."),
    tunnelBytes: r.counter("pipelock_tunnel_bytes_total", "Bytes relayed through tunnels, by direction.", ["direction"]),
    tunnelDuration: r.histogram("pipelock_tunnel_duration_seconds", "Lifetime of closed tunnels.", [], CONNECTION_BUCKETS),
    wsConnections: r.counter("pipelock_ws_connections_total", "WebSocket connections by result.", ["result"]),
    wsConnectionsActive: r.gauge("pipelock_ws_connections_active", "WebSocket connections open now."),
    wsFrames: r.counter("pipelock_ws_frames_total", "WebSocket frames relayed, by direction and type.", ["direction", "type"]),
    wsBytes: r.counter("pipelock_ws_bytes_total", "WebSocket payload bytes relayed, by direction.", ["direction"]),
    mcpSessionsActive: r.gauge("pipelock_mcp_sessions_active", "MCP sessions open now, by door.", ["door"]),
    upstreamErrors: r.counter("pipelock_upstream_errors_total", "Upstream failures by door and kind (dns, connect, tls, timeout, reset).", ["door", "kind"]),
    upstreamDuration: r.histogram("pipelock_upstream_duration_seconds", "Upstream response time (headers received), by door.", ["door"], LATENCY_BUCKETS),
    tlsIntercepts: r.counter("pipelock_tls_intercepts_total", "TLS interceptions by outcome.", ["outcome"]),
    rateLimited: r.counter("pipelock_rate_limited_total", "Requests refused by rate limits or data budgets, by door.", ["door"]),

    events: r.counter("pipelock_events_total", "Events handed to the evidence pipeline, by kind.", ["kind"]),
    eventQueueDepth: r.gauge("pipelock_event_queue_depth", "Events waiting for the recorder."),
    emitterQueueDepth: r.gauge("pipelock_emitter_queue_depth", "Events queued per emitter.", ["emitter"]),
    emitterQueueCapacity: r.gauge("pipelock_emitter_queue_capacity", "Queue capacity per emitter.", ["emitter"]),
    emitterSent: r.counter("pipelock_emitter_sent_total", "Events delivered per emitter.", ["emitter"]),
    emitterDropped: r.counter("pipelock_emitter_dropped_total", "Events dropped per emitter and reason (queue_full, failed, shutdown).", ["emitter", "reason"]),
    emitterRetries: r.counter("pipelock_emitter_retries_total", "Delivery retries per emitter.", ["emitter"]),
    emitterFailures: r.counter("pipelock_emitter_failures_total", "Failed delivery attempts per emitter.", ["emitter"]),
    emitterFiltered: r.counter("pipelock_emitter_filtered_total", "Events below an emitter's min_severity.", ["emitter"]),
    emitterSendDuration: r.histogram("pipelock_emitter_send_duration_seconds", "Delivery attempt duration per emitter.", ["emitter"], IO_BUCKETS),
    recorderEntries: r.counter("pipelock_recorder_entries_total", "Flight-recorder entries written, by type.", ["type"]),
    recorderBytes: r.counter("pipelock_recorder_bytes_total", "Bytes written to the flight recorder."),
    recorderCheckpoints: r.counter("pipelock_recorder_checkpoints_total", "Checkpoints written, by whether they are signed.", ["signed"]),
    recorderRotations: r.counter("pipelock_recorder_rotations_total", "File rotations by reason (entries, size, age, restart).", ["reason"]),
    recorderWriteErrors: r.counter("pipelock_recorder_write_errors_total", "Failed flight-recorder writes."),
    recorderFlushes: r.counter("pipelock_recorder_flushes_total", "Buffered flushes to the operating system."),
    recorderFsyncDuration: r.histogram("pipelock_recorder_fsync_duration_seconds", "fsync duration.", [], IO_BUCKETS),
    recorderRedactions: r.counter("pipelock_recorder_redactions_total", "Strings masked before writing."),
    recorderLastSeq: r.gauge("pipelock_recorder_last_seq", "Sequence number of the last entry written."),
    recorderFilesPruned: r.counter("pipelock_recorder_files_pruned_total", "Evidence files deleted by retention_days."),

    reloads: r.counter("pipelock_config_reloads_total", "Reload attempts by trigger and outcome.", ["trigger", "outcome"]),
    reloadWeakenings: r.counter("pipelock_config_reload_weakenings_total", "Weakening changes seen at reload, by kind and whether they were applied.", ["kind", "applied"]),
    lastReloadSuccess: r.gauge("pipelock_config_last_reload_successful", "1 if the last reload attempt was applied (or nothing changed), 0 otherwise."),
    lastReloadSuccessTime: r.gauge("pipelock_config_last_reload_success_timestamp_seconds", "Unix time of the last applied reload."),
    policyRules: r.gauge("pipelock_policy_rules", "Rules in the running policy."),
    policyPacks: r.gauge("pipelock_policy_packs", "Rule packs in the running policy."),
    killSwitchActive: r.gauge("pipelock_kill_switch_active", "1 while a kill-switch source is on, by source.", ["source"]),
    killSwitchEngaged: r.gauge("pipelock_kill_switch_engaged", "1 while any kill-switch source is on."),
    killSwitchToggles: r.counter("pipelock_kill_switch_toggles_total", "Kill-switch state changes by source.", ["source"]),
    killSwitchDenials: r.counter("pipelock_kill_switch_denials_total", "Requests denied by the kill switch, by door.", ["door"]),
    adminRequests: r.counter("pipelock_admin_requests_total", "Admin listener requests by route and status code.", ["route", "code"]),
    adminAuthFailures: r.counter("pipelock_admin_auth_failures_total", "Admin API requests with a missing or wrong token."),
  };
  m.buildInfo.set([VERSION, ENGINE_VERSION, BUILD_COMMIT], 1);
  m.startTime.set([], Math.floor(Date.now() / 1000 - process.uptime()));
  m.lastReloadSuccess.set([], 1);
  for (const source of ["config", "signal", "sentinel", "api"]) m.killSwitchActive.set([source], 0);
  return m;
}
