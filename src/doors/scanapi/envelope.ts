/**
 * @module The Scan API wire format: the response envelope, the error catalogue (code → HTTP
 * status, retryable, fixed message) and the mapping of engine findings onto the wire.
 */
import type { Decision, Finding } from "../../engine/types.ts";
import type { ScanApiKind } from "./settings.ts";

/** Every error code the door answers with; messages never contain tokens or input. */
export const SCAN_API_ERRORS = {
  not_found: { status: 404, retryable: false, message: "no such endpoint" },
  method_not_allowed: { status: 405, retryable: false, message: "method not allowed on this endpoint" },
  unauthorized: { status: 401, retryable: false, message: "missing or invalid bearer token" },
  rate_limited: { status: 429, retryable: true, message: "rate limit exceeded for this token" },
  server_busy: { status: 503, retryable: true, message: "too many requests in flight; retry shortly" },
  kill_switch_active: { status: 503, retryable: false, message: "all scanning is suspended by the kill switch" },
  body_too_large: { status: 400, retryable: false, message: "request body exceeds the size limit" },
  read_error: { status: 400, retryable: false, message: "the request body could not be read" },
  invalid_json: { status: 400, retryable: false, message: "the request is not a valid scan request object" },
  invalid_kind: { status: 400, retryable: false, message: "unknown kind; valid: url, dlp, prompt_injection, tool_call, tool_description" },
  kind_disabled: { status: 400, retryable: false, message: "this kind is disabled on this server" },
  invalid_input: { status: 400, retryable: false, message: "the input is not valid for this kind" },
  scan_deadline_exceeded: { status: 503, retryable: true, message: "the scan did not finish within its deadline" },
  request_canceled: { status: 500, retryable: true, message: "the client canceled the request" },
  internal_error: { status: 500, retryable: false, message: "the scan failed; nothing was allowed" },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ScanApiErrorCode = keyof typeof SCAN_API_ERRORS;

export interface WireEvidence {
  location?: string;
  excerpt?: string;
  encoding?: string;
}

export interface WireFinding {
  scanner: string;
  rule_id: string;
  severity: string;
  message: string;
  action: string;
  mitre?: string[];
  exempt?: string;
  evidence?: WireEvidence;
}

export interface WireError {
  code: ScanApiErrorCode;
  message: string;
  retryable: boolean;
}

export interface ScanApiResponse {
  status: "completed" | "error";
  decision?: Decision;
  /** The request's kind once it is known to be valid, else "". */
  kind: ScanApiKind | "";
  scan_id: string;
  request_id?: string;
  duration_ms: number;
  engine_version: string;
  findings: WireFinding[];
  errors: WireError[];
}

/** `scan-` + 16 lowercase hex characters from the crypto RNG. */
export function newScanId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return `scan-${hex}`;
}

/**
 * Copies only the wire fields of a finding (never spreads it, so nothing unplanned leaks).
 * Evidence (already redacted by the engine) is added only when the client asked for it.
 */
export function toWireFinding(finding: Finding, includeEvidence: boolean): WireFinding {
  const wire: WireFinding = {
    scanner: finding.scanner,
    rule_id: finding.rule_id,
    severity: finding.severity,
    message: finding.message,
    action: finding.action,
  };
  if (finding.mitre !== undefined && finding.mitre.length > 0) wire.mitre = [...finding.mitre];
  if (finding.exempt !== undefined) wire.exempt = finding.exempt;
  if (includeEvidence) {
    const evidence: WireEvidence = {};
    if (finding.location !== undefined) evidence.location = finding.location;
    if (finding.excerpt !== undefined) evidence.excerpt = finding.excerpt;
    if (finding.encoding !== undefined) evidence.encoding = finding.encoding;
    if (Object.keys(evidence).length > 0) wire.evidence = evidence;
  }
  return wire;
}

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
} as const;

/** A JSON response with the door's standard headers plus `extra`. */
export function jsonResponse(body: unknown, status: number, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...extra } });
}

export interface EnvelopeBase {
  kind: ScanApiKind | "";
  engineVersion: string;
  startedAt: number;
  requestId?: string;
}

/** Milliseconds since `startedAt`, whole and never negative. */
function elapsedMs(startedAt: number): number {
  return Math.max(0, Math.round(performance.now() - startedAt));
}

/** The envelope in wire field order; `request_id` only when known. */
function envelope(
  base: EnvelopeBase,
  status: ScanApiResponse["status"],
  decision: Decision | undefined,
  findings: WireFinding[],
  errors: WireError[],
): ScanApiResponse {
  return {
    status,
    ...(decision !== undefined ? { decision } : {}),
    kind: base.kind,
    scan_id: newScanId(),
    ...(base.requestId !== undefined ? { request_id: base.requestId } : {}),
    duration_ms: elapsedMs(base.startedAt),
    engine_version: base.engineVersion,
    findings,
    errors,
  };
}

/** The full error envelope for `code`, with its catalogued HTTP status. `detail` must never hold input. */
export function errorResponse(
  code: ScanApiErrorCode,
  base: EnvelopeBase,
  options: { detail?: string; headers?: Record<string, string> } = {},
): Response {
  const entry = SCAN_API_ERRORS[code];
  const error: WireError = { code, message: options.detail ?? entry.message, retryable: entry.retryable };
  return jsonResponse(envelope(base, "error", undefined, [], [error]), entry.status, options.headers);
}

/** The 200 envelope of a completed scan. */
export function completedResponse(base: EnvelopeBase, decision: Decision, findings: WireFinding[]): Response {
  return jsonResponse(envelope(base, "completed", decision, findings, []), 200);
}
