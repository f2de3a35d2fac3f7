/**
 * @module The Emitter seam: a named sink with a minimum severity in front of a DeliveryQueue.
 * `offer` filters by severity and hands off; it never waits and never throws.
 */
import { EVENT_SEVERITY_RANK, type AuditRecord, type EventSeverity } from "../audit.ts";
import type { PipelockMetrics } from "../metrics/index.ts";
import type { DeliveryQueue } from "./queue.ts";

export interface Emitter {
  readonly name: string;
  offer(record: AuditRecord): void;
  /** Give queued events up to `drainMs` to leave, then drop the rest (counted). */
  close(drainMs: number): Promise<void>;
  readonly queue: DeliveryQueue<AuditRecord>;
}

export function filteredEmitter(name: string, minSeverity: EventSeverity, queue: DeliveryQueue<AuditRecord>, metrics?: PipelockMetrics, onClose?: () => void): Emitter {
  const floor = EVENT_SEVERITY_RANK[minSeverity];
  return {
    name,
    queue,
    offer(record) {
      if (EVENT_SEVERITY_RANK[record.severity] < floor) {
        metrics?.emitterFiltered.inc([name]);
        return;
      }
      queue.offer(record);
    },
    async close(drainMs) {
      await queue.close(drainMs);
      onClose?.();
    },
  };
}

/** Map an HTTP status to a SendResult (429, 502, 503, 504 retry; other non-2xx are permanent, as OTLP specifies). */
export function httpResult(status: number, retryAfter: string | null): { ok: true } | { ok: false; retry: boolean; retryAfterMs?: number; error: string } {
  if (status >= 200 && status < 300) return { ok: true };
  const retry = status === 429 || status === 502 || status === 503 || status === 504;
  const seconds = retryAfter !== null && /^\d{1,6}$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) * 1000 : undefined;
  return { ok: false, retry, error: `HTTP ${status}`, ...(seconds !== undefined ? { retryAfterMs: seconds } : {}) };
}
