/**
 * @module DeliveryQueue: a bounded queue drained by one async worker. `offer` is O(1) and never
 * blocks or throws: a full queue drops the item and counts it. The worker sends batches with a
 * per-attempt timeout and retries failures with capped exponential backoff (plus jitter); after the
 * last retry the batch is dropped and counted. A dead or hanging sink therefore costs the proxy
 * one array push per event and nothing else.
 */
import type { PipelockMetrics } from "../metrics/index.ts";

/** What one delivery attempt concluded. */
export type SendResult = { ok: true } | { ok: false; retry: boolean; retryAfterMs?: number; error: string };

export interface QueueOptions {
  readonly name: string;
  readonly capacity: number;
  readonly batchSize?: number;
  readonly maxRetries?: number;
  readonly timeoutMs: number;
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly metrics?: PipelockMetrics;
  /** Delivery problems (the caller rate-limits what it prints). */
  readonly onError?: (message: string) => void;
}

export const DEFAULT_BASE_BACKOFF_MS = 250;
export const DEFAULT_MAX_BACKOFF_MS = 30_000;
/** Upper bound on a server's Retry-After we honour. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** How long close() waits for an aborted attempt to settle. */
const CLOSE_SETTLE_MS = 1000;

export class DeliveryQueue<T> {
  private items: T[] = [];
  private head = 0;
  private running = false;
  private closing = false;
  private inflight: AbortController | undefined;
  private idle: (() => void)[] = [];
  private sleepTimer: ReturnType<typeof setTimeout> | undefined;
  private wake: (() => void) | undefined;
  dropped = 0;
  sent = 0;

  constructor(
    private readonly o: QueueOptions,
    private readonly send: (batch: readonly T[], signal: AbortSignal) => Promise<SendResult>,
  ) {
    o.metrics?.emitterQueueCapacity.set([o.name], o.capacity);
    o.metrics?.emitterQueueDepth.set([o.name], 0);
  }

  get depth(): number {
    return this.items.length - this.head;
  }

  /** Queue an item; false (and counted) when the queue is full or closing. */
  offer(item: T): boolean {
    if (this.closing || this.depth >= this.o.capacity) {
      this.drop(1, this.closing ? "shutdown" : "queue_full");
      return false;
    }
    this.items.push(item);
    this.o.metrics?.emitterQueueDepth.set([this.o.name], this.depth);
    if (!this.running) {
      this.running = true;
      queueMicrotask(() => void this.run());
    }
    return true;
  }

  /** Stop accepting, give queued items up to `drainMs` to go out, then drop the rest. */
  async close(drainMs: number): Promise<void> {
    this.closing = true;
    if (this.running) await this.idleWithin(drainMs);
    const left = this.depth;
    if (left > 0) this.drop(left, "shutdown");
    this.items = [];
    this.head = 0;
    this.inflight?.abort();
    this.wake?.();
    // The aborted attempt settles at once; wait for the worker to count it (bounded).
    if (this.running) await this.idleWithin(CLOSE_SETTLE_MS);
  }

  private async idleWithin(ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([new Promise<void>((r) => this.idle.push(r)), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  private async run(): Promise<void> {
    try {
      while (this.depth > 0) {
        const n = Math.min(this.o.batchSize ?? 1, this.depth);
        const batch = this.items.slice(this.head, this.head + n);
        this.head += n;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        this.o.metrics?.emitterQueueDepth.set([this.o.name], this.depth);
        await this.deliver(batch);
      }
    } finally {
      this.running = false;
      for (const r of this.idle.splice(0)) r();
    }
  }

  private async deliver(batch: readonly T[]): Promise<void> {
    const maxRetries = this.o.maxRetries ?? 0;
    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(batch);
      if (result.ok) {
        this.sent += batch.length;
        this.o.metrics?.emitterSent.inc([this.o.name], batch.length);
        return;
      }
      this.o.metrics?.emitterFailures.inc([this.o.name]);
      if (!result.retry || attempt >= maxRetries || this.closing) {
        this.o.onError?.(`${this.o.name}: delivery failed (${result.error}); ${batch.length} event(s) dropped`);
        this.drop(batch.length, "failed");
        return;
      }
      this.o.metrics?.emitterRetries.inc([this.o.name]);
      const base = this.o.baseBackoffMs ?? DEFAULT_BASE_BACKOFF_MS;
      const backoff = Math.min(this.o.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS, base * 2 ** attempt) * (0.5 + Math.random() / 2);
      await this.sleep(Math.max(backoff, Math.min(result.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)));
    }
  }

  private async attempt(batch: readonly T[]): Promise<SendResult> {
    const ctl = new AbortController();
    this.inflight = ctl;
    const timer = setTimeout(() => ctl.abort(new Error(`timed out after ${this.o.timeoutMs} ms`)), this.o.timeoutMs);
    const t0 = performance.now();
    // A sender that ignores the signal still cannot hold the worker past the timeout.
    const aborted = new Promise<SendResult>((resolve) =>
      ctl.signal.addEventListener("abort", () => resolve({ ok: false, retry: true, error: String((ctl.signal.reason as Error)?.message ?? "aborted") }), { once: true }),
    );
    try {
      return await Promise.race([this.send(batch, ctl.signal), aborted]);
    } catch (err) {
      return { ok: false, retry: true, error: ctl.signal.aborted ? String((ctl.signal.reason as Error)?.message ?? "aborted") : (err as Error).message };
    } finally {
      clearTimeout(timer);
      this.inflight = undefined;
      this.o.metrics?.emitterSendDuration.observe([this.o.name], (performance.now() - t0) / 1000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        clearTimeout(this.sleepTimer);
        this.wake = undefined;
        resolve();
      };
      this.sleepTimer = setTimeout(() => this.wake?.(), ms);
    });
  }

  private drop(n: number, reason: "queue_full" | "failed" | "shutdown"): void {
    this.dropped += n;
    this.o.metrics?.emitterDropped.inc([this.o.name, reason], n);
  }
}
