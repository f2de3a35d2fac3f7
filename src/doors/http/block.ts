/**
 * @module Block answers that explain themselves to a human and to an agent: status, the rule that
 * decided, why, and the config line that would exempt it (DESIGN.md §4). One JSON shape for every
 * HTTP door; `X-Pipelock-Decision` and `X-Pipelock-Rule` carry the gist in headers.
 */
import type { Finding, Verdict } from "../../engine/index.ts";

/** Findings listed in one block answer. */
export const MAX_FINDINGS_SHOWN = 10;

/** Why a request or response ended in a deny, when it was not a rule. */
export const DENY_CODES = {
  blocked: 403,
  rate_limited: 429,
  proxy_auth_required: 407,
  bad_request: 400,
  method_not_allowed: 405,
  payload_too_large: 413,
  request_timeout: 408,
  upstream_failed: 502,
  upstream_timeout: 504,
  unavailable: 503,
  kill_switch_active: 503,
} as const;
export type DenyCode = keyof typeof DENY_CODES;

export interface BlockInfo {
  readonly code: DenyCode;
  readonly direction: "request" | "response";
  /** Sentence for humans; never carries a secret. */
  readonly reason: string;
  readonly findings?: readonly Finding[];
  /** Fail-closed reason code (timeout, oversize, upstream_reset, ...). */
  readonly failure?: string;
  /** Include exemption hints (config `explain_blocks`). */
  readonly explain: boolean;
  /** Seconds for Retry-After (rate limits). */
  readonly retryAfterSec?: number;
}

export interface BlockAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The finding that decided: the first enforcing one, else the first. */
export function decidingFinding(findings: readonly Finding[] | undefined): Finding | undefined {
  if (!findings || findings.length === 0) return undefined;
  return findings.find((f) => f.action === "block") ?? findings[0];
}

/** A verdict's deny as BlockInfo (429 when a rate-limit finding decided). */
export function blockFromVerdict(verdict: Verdict, direction: "request" | "response", explain: boolean, what: string): BlockInfo {
  const top = decidingFinding(verdict.findings);
  return {
    code: "blocked",
    direction,
    reason: top ? `${what}: ${top.message}` : `${what} denied by policy`,
    findings: verdict.findings,
    ...(verdict.failure !== undefined ? { failure: verdict.failure } : {}),
    explain,
  };
}

/** Build the answer for a block. */
export function blockAnswer(info: BlockInfo): BlockAnswer {
  const status = DENY_CODES[info.code];
  const top = decidingFinding(info.findings);
  const body: Record<string, unknown> = {
    error: info.code,
    blocked: true,
    status,
    direction: info.direction,
    reason: info.reason,
  };
  if (top) body.rule_id = top.rule_id;
  if (info.failure !== undefined) body.failure = info.failure;
  if (info.explain && top?.exempt) body.exempt = top.exempt;
  if (info.findings && info.findings.length > 0) {
    body.findings = info.findings.slice(0, MAX_FINDINGS_SHOWN).map((f) => ({
      rule_id: f.rule_id,
      scanner: f.scanner,
      severity: f.severity,
      action: f.action,
      message: f.message,
      ...(f.location !== undefined ? { location: f.location } : {}),
      // A response-side excerpt is the hostile text itself: never hand it to the agent.
      ...(f.excerpt !== undefined && info.direction === "request" ? { excerpt: f.excerpt } : {}),
      ...(info.explain && f.exempt !== undefined ? { exempt: f.exempt } : {}),
    }));
  }
  if (info.explain) body.hint = hintFor(info, top);
  const headers: Record<string, string> = {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Pipelock-Decision": "deny",
  };
  if (top) headers["X-Pipelock-Rule"] = top.rule_id;
  else if (info.failure !== undefined) headers["X-Pipelock-Rule"] = `pipelock.${info.failure}`;
  if (info.code === "proxy_auth_required") headers["Proxy-Authenticate"] = 'Basic realm="pipelock", charset="UTF-8"';
  if (info.code === "rate_limited") headers["Retry-After"] = String(info.retryAfterSec ?? 1);
  return { status, headers, body: JSON.stringify(body) + "\n" };
}

function hintFor(info: BlockInfo, top: Finding | undefined): string {
  if (info.code === "kill_switch_active") return "An operator engaged pipelock's kill switch: all traffic is denied until it is released.";
  if (info.code === "rate_limited") return "Too many requests or bytes for this domain in the last minute; wait, or raise fetch_proxy.monitoring.max_requests_per_minute / max_data_per_minute.";
  if (top?.exempt) return "If this is a false positive, add the `exempt` snippet to the pipelock config and reload (SIGHUP).";
  if (info.code === "upstream_failed" || info.code === "upstream_timeout") return "The destination did not answer correctly; pipelock does not pass partial or unverifiable traffic.";
  if (info.code === "proxy_auth_required") return "Send Proxy-Authorization (Basic or Bearer) as configured in forward_proxy.auth.";
  return "pipelock fails closed: traffic it cannot inspect is not passed.";
}

/** The first line of a raw HTTP/1.1 response for sockets (CONNECT, upgrade, header timeouts). */
export function rawResponse(answer: BlockAnswer): string {
  const reason = STATUS_TEXT[answer.status] ?? "Error";
  const lines = [`HTTP/1.1 ${answer.status} ${reason}`];
  for (const [k, v] of Object.entries(answer.headers)) lines.push(`${k}: ${v}`);
  lines.push(`Content-Length: ${Buffer.byteLength(answer.body)}`, "Connection: close", "", "");
  return lines.join("\r\n") + answer.body;
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  405: "Method Not Allowed",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  413: "Content Too Large",
  429: "Too Many Requests",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};
