/**
 * @module OTLP/HTTP JSON logs emitter (ecosystem §4.2): batches of LogRecords POSTed to
 * `<endpoint>/v1/logs` as `{"resourceLogs":[{resource, scopeLogs:[{scope, logRecords}]}]}` with
 * lowerCamelCase keys, 64-bit integers as decimal strings and severity numbers INFO 9 / WARN 13 /
 * ERROR 17. Retries 429/5xx (honouring Retry-After) and network errors; a 4xx drops the batch.
 */
import { VERSION } from "../../version.ts";
import type { AuditRecord } from "../audit.ts";
import type { PipelockMetrics } from "../metrics/index.ts";
import { filteredEmitter, httpResult, type Emitter } from "./emitter.ts";
import { DeliveryQueue } from "./queue.ts";

const SEVERITY = { info: [9, "INFO"], warn: [13, "WARN"], critical: [17, "ERROR"] } as const;

export interface OtlpSettings {
  readonly endpoint: string;
  readonly minSeverity: "info" | "warn" | "critical";
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly queueSize: number;
  readonly gzip: boolean;
  readonly batchSize: number;
  readonly maxRetries: number;
  readonly instance: string;
  readonly baseBackoffMs?: number;
}

/** `http://collector:4318` → `http://collector:4318/v1/logs`; a URL already ending in /v1/logs is kept. */
export function logsUrl(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, "");
  return trimmed.endsWith("/v1/logs") ? trimmed : `${trimmed}/v1/logs`;
}

type AnyValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean } | { arrayValue: { values: AnyValue[] } };

function anyValue(v: unknown): AnyValue | undefined {
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return { arrayValue: { values: v.map((x) => ({ stringValue: x as string })) } };
  if (v !== null && typeof v === "object") return { stringValue: JSON.stringify(v) };
  return undefined;
}

export function otlpLogRecord(record: AuditRecord, observedNs: bigint): Record<string, unknown> {
  const [num, text] = SEVERITY[record.severity];
  const ms = Date.parse(record.ts);
  const attributes: { key: string; value: AnyValue }[] = [];
  for (const [k, v] of Object.entries(record)) {
    if (k === "message" || k === "ts" || k === "severity") continue;
    const value = anyValue(v);
    if (value) attributes.push({ key: `pipelock.${k}`, value });
  }
  return {
    timeUnixNano: (Number.isFinite(ms) ? BigInt(ms) * 1_000_000n : observedNs).toString(),
    observedTimeUnixNano: observedNs.toString(),
    severityNumber: num,
    severityText: text,
    body: { stringValue: record.message },
    attributes,
    eventName: `pipelock.${record.event}`,
  };
}

export function otlpPayload(records: readonly AuditRecord[], instance: string): string {
  const observed = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceLogs: [
      {
        resource: {
          attributes: [
            { key: "service.name", value: { stringValue: "pipelock" } },
            { key: "service.version", value: { stringValue: VERSION } },
            { key: "service.instance.id", value: { stringValue: instance } },
          ],
        },
        scopeLogs: [{ scope: { name: "pipelock", version: VERSION }, logRecords: records.map((r) => otlpLogRecord(r, observed)) }],
      },
    ],
  });
}

export function createOtlpEmitter(s: OtlpSettings, metrics?: PipelockMetrics, onError?: (m: string) => void): Emitter {
  const url = logsUrl(s.endpoint);
  const headers: Record<string, string> = { ...s.headers, "content-type": "application/json", "user-agent": "pipelock-otlp" };
  if (s.gzip) headers["content-encoding"] = "gzip";
  const queue = new DeliveryQueue<AuditRecord>(
    {
      name: "otlp",
      capacity: s.queueSize,
      batchSize: s.batchSize,
      timeoutMs: s.timeoutMs,
      maxRetries: s.maxRetries,
      ...(s.baseBackoffMs !== undefined ? { baseBackoffMs: s.baseBackoffMs } : {}),
      ...(metrics ? { metrics } : {}),
      ...(onError ? { onError } : {}),
    },
    async (batch, signal) => {
      const json = otlpPayload(batch, s.instance);
      const body = s.gzip ? Bun.gzipSync(Buffer.from(json)) : json;
      const res = await fetch(url, { method: "POST", headers, body, signal, redirect: "manual" });
      await res.body?.cancel().catch(() => {});
      return httpResult(res.status, res.headers.get("retry-after"));
    },
  );
  return filteredEmitter("otlp", s.minSeverity, queue, metrics);
}
