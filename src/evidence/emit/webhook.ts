/**
 * @module Webhook emitter: one JSON POST per event, body `{severity, type, timestamp,
 * pipelock_instance, fields}` (the reference's shape), optional bearer token; retries 429/5xx and
 * network errors with backoff (the reference never retries), drops and counts after that.
 */
import type { AuditRecord } from "../audit.ts";
import type { PipelockMetrics } from "../metrics/index.ts";
import { filteredEmitter, httpResult, type Emitter } from "./emitter.ts";
import { DeliveryQueue } from "./queue.ts";

export interface WebhookSettings {
  readonly url: string;
  readonly authToken?: string;
  readonly minSeverity: "info" | "warn" | "critical";
  readonly timeoutMs: number;
  readonly queueSize: number;
  readonly maxRetries: number;
  readonly instance: string;
  readonly baseBackoffMs?: number;
}

export function webhookBody(record: AuditRecord, instance: string): string {
  return JSON.stringify({ severity: record.severity, type: record.event, timestamp: record.ts, pipelock_instance: instance, fields: record });
}

export function createWebhookEmitter(s: WebhookSettings, metrics?: PipelockMetrics, onError?: (m: string) => void): Emitter {
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "pipelock-webhook" };
  if (s.authToken) headers.authorization = `Bearer ${s.authToken}`;
  const queue = new DeliveryQueue<AuditRecord>(
    {
      name: "webhook",
      capacity: s.queueSize,
      timeoutMs: s.timeoutMs,
      maxRetries: s.maxRetries,
      ...(s.baseBackoffMs !== undefined ? { baseBackoffMs: s.baseBackoffMs } : {}),
      ...(metrics ? { metrics } : {}),
      ...(onError ? { onError } : {}),
    },
    async ([record], signal) => {
      const res = await fetch(s.url, { method: "POST", headers, body: webhookBody(record!, s.instance), signal, redirect: "manual" });
      await res.body?.cancel().catch(() => {});
      return httpResult(res.status, res.headers.get("retry-after"));
    },
  );
  return filteredEmitter("webhook", s.minSeverity, queue, metrics);
}
