/**
 * @module Config section `emit` (reference key names, plus `max_retries`, `batch_size`, TLS
 * syslog): where audit events are sent besides the flight recorder. Each sink has a bounded queue
 * and a minimum severity; a full queue drops (counted), it never slows a request.
 */
import * as v from "valibot";

export const EMIT_SEVERITIES = ["info", "warn", "critical"] as const;
export type EmitSeverity = (typeof EMIT_SEVERITIES)[number];

const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const httpUrl = v.pipe(v.string(), v.regex(/^https?:\/\/[^\s]+$/, "must be an http:// or https:// URL"));
const severity = v.optional(v.picklist(EMIT_SEVERITIES), "warn");

const Webhook = v.strictObject({
  url: httpUrl,
  auth_token: v.optional(v.string()),
  min_severity: severity,
  timeout_seconds: v.optional(int(1, 300), 5),
  queue_size: v.optional(int(1, 100_000), 64),
  /** Ours (the reference never retries): attempts after the first, with exponential backoff. */
  max_retries: v.optional(int(0, 10), 3),
});

/** Syslog facilities by name (RFC 5424 §6.2.1). */
export const SYSLOG_FACILITIES = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11,
  audit: 13, local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
} as const;

const Syslog = v.strictObject({
  /** `udp://host:port`, `tcp://host:port` or `tls://host:port` (RFC 5425, octet-counted). */
  address: v.pipe(v.string(), v.regex(/^(udp|tcp|tls):\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, "must be udp://host:port, tcp://host:port or tls://host:port")),
  min_severity: severity,
  facility: v.optional(v.picklist(Object.keys(SYSLOG_FACILITIES) as (keyof typeof SYSLOG_FACILITIES)[]), "local0"),
  /** APP-NAME (at most 48 printable ASCII characters). */
  tag: v.optional(v.pipe(v.string(), v.regex(/^[!-~]{1,48}$/, "must be 1-48 printable ASCII characters without spaces")), "pipelock"),
  queue_size: v.optional(int(1, 100_000), 256),
  /** Ours: PEM CA bundle for tls:// (default: the system roots). */
  tls_ca_file: v.optional(v.string()),
});

const Otlp = v.strictObject({
  /** Base URL (`/v1/logs` is appended) or the full logs URL ending in `/v1/logs`. */
  endpoint: httpUrl,
  min_severity: severity,
  headers: v.optional(v.record(v.string(), v.string()), {}),
  timeout_seconds: v.optional(int(1, 300), 10),
  queue_size: v.optional(int(1, 100_000), 256),
  gzip: v.optional(v.boolean(), false),
  /** Ours: log records per export request. */
  batch_size: v.optional(int(1, 1000), 64),
  max_retries: v.optional(int(0, 10), 3),
});

export const EmitSection = v.strictObject({
  /** Names this proxy in every emitted event (default: the host name). */
  instance_id: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(255))),
  webhook: v.optional(Webhook),
  syslog: v.optional(Syslog),
  otlp: v.optional(Otlp),
});

export type EmitConfig = v.InferOutput<typeof EmitSection>;
export type WebhookConfig = v.InferOutput<typeof Webhook>;
export type SyslogConfig = v.InferOutput<typeof Syslog>;
export type OtlpConfig = v.InferOutput<typeof Otlp>;
export const EMIT_DEFAULT: EmitConfig = v.parse(EmitSection, {});
