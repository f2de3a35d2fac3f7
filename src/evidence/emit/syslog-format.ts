/**
 * @module RFC 5424 message formatting (ecosystem §4.3):
 * `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [pipelock@32473 k="v" …] MSG`. PRI = facility ×
 * 8 + severity (critical → 2 crit, warn → 4 warning, info → 6 informational). The SD-ID uses the
 * documentation enterprise number 32473 (pipelock has no IANA PEN of its own). MSG is the JSON
 * audit record. Header fields are cut to their RFC limits and kept to printable ASCII.
 */
import type { AuditRecord } from "../audit.ts";

export const SD_ID = "pipelock@32473";
const SYSLOG_SEVERITY = { critical: 2, warn: 4, info: 6 } as const;
/** SD parameters copied from the record, in this order. */
const SD_PARAMS = ["door", "decision", "action", "scanner", "rule_id", "rule_severity", "mitre_technique", "agent", "outcome"] as const;

export interface SyslogHeader {
  readonly facility: number;
  readonly hostname: string;
  readonly appName: string;
  readonly procId: string;
  readonly instance: string;
}

/** Printable ASCII (33..126) only, at most `max` characters; `-` when empty. */
export function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, "").slice(0, max);
  return clean.length > 0 ? clean : "-";
}

/** Escape `"`, `\` and `]` in an SD-PARAM value (RFC 5424 §6.3.3). */
export function sdValue(value: string): string {
  return value.replace(/[\\"\]]/g, (c) => `\\${c}`).replace(/[\r\n]/g, " ");
}

export function formatSyslog(record: AuditRecord, h: SyslogHeader, maxBytes: number): string {
  const pri = h.facility * 8 + SYSLOG_SEVERITY[record.severity];
  const ts = record.ts.length > 0 ? record.ts : new Date().toISOString();
  const params = [`instance="${sdValue(h.instance)}"`];
  for (const key of SD_PARAMS) {
    const v = (record as unknown as Record<string, unknown>)[key];
    if (typeof v === "string" && v.length > 0) params.push(`${key}="${sdValue(v.slice(0, 256))}"`);
  }
  const head = `<${pri}>1 ${headerField(ts, 64)} ${headerField(h.hostname, 255)} ${headerField(h.appName, 48)} ${headerField(h.procId, 128)} ${headerField(record.event, 32)} [${SD_ID} ${params.join(" ")}]`;
  let msg = JSON.stringify(record);
  const room = maxBytes - Buffer.byteLength(head) - 1;
  if (Buffer.byteLength(msg) > room) msg = JSON.stringify({ event: record.event, severity: record.severity, ts: record.ts, message: record.message.slice(0, 512), truncated: true });
  return `${head} ${msg}`;
}
