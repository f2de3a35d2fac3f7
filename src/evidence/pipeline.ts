/**
 * @module EvidencePipeline: the fan-out EventSink the doors are handed. `emit` is a bounded array
 * push plus, at most once per event-loop turn, a scheduled drain; it never blocks and never throws.
 * The drain redacts each event, counts it in the metrics, appends it to the flight recorder and
 * offers it to every emitter, then flushes the recorder once for the whole batch.
 */
import { toAuditRecord, toRecorderDetail, opsAuditRecord, type AuditRecord } from "./audit.ts";
import type { Emitter } from "./emit/index.ts";
import type { DecisionEvent, EvidenceSink, OpsEvent } from "./event.ts";
import { observeDecision, type PipelockMetrics } from "./metrics/index.ts";
import type { CheckpointAnchor, RecorderWriter } from "./recorder/index.ts";
import type { Redactor } from "./redact.ts";

/** Events buffered before a drain; past this, emit drains synchronously rather than lose evidence. */
export const MAX_PENDING_EVENTS = 65_536;

export interface PipelineOptions {
  readonly metrics: PipelockMetrics;
  readonly redactor: Redactor;
  readonly recorder?: RecorderWriter;
  /** Record allow decisions without findings (default true). */
  readonly recordAllowed?: boolean;
  /** false: the recorder gets the event as the door built it (emitters always get redacted records). */
  readonly redactRecorder?: boolean;
  readonly emitters?: readonly Emitter[];
  readonly onError?: (message: string) => void;
}

type Pending = { kind: "decision"; event: DecisionEvent } | { kind: "ops"; event: OpsEvent };

export class EvidencePipeline implements EvidenceSink {
  private pending: Pending[] = [];
  private scheduled = false;
  private emitters: readonly Emitter[];
  private closed = false;
  private lastRedactions = 0;

  constructor(private readonly o: PipelineOptions) {
    this.emitters = o.emitters ?? [];
  }

  emit(event: DecisionEvent): void {
    this.push({ kind: "decision", event });
  }

  emitOps(event: OpsEvent): void {
    this.push({ kind: "ops", event });
  }

  /**
   * Send a recorder checkpoint to the emitters (event `recorder_checkpoint`, severity info): an
   * anchor outside this host, against which a deleted tail of the evidence files shows.
   */
  anchor(a: CheckpointAnchor): void {
    if (this.closed && this.emitters.length === 0) return;
    this.offer({
      event: "recorder_checkpoint",
      severity: "info",
      ts: new Date().toISOString(),
      message: `flight recorder checkpoint seq ${a.seq} (${a.firstSeq}..${a.lastSeq}) hash ${a.hash}`,
      outcome: a.signature ? "signed" : "unsigned",
      detail: { seq: a.seq, hash: a.hash, first_seq: a.firstSeq, last_seq: a.lastSeq, key_id: a.keyId, file: a.file },
    });
  }

  /** Swap the emitter set (reload); the caller closes the old ones. */
  setEmitters(emitters: readonly Emitter[]): readonly Emitter[] {
    const old = this.emitters;
    this.emitters = emitters;
    return old;
  }

  get recorder(): RecorderWriter | undefined {
    return this.o.recorder;
  }

  /** Process everything pending now (tests, shutdown). */
  drain(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    this.o.metrics.eventQueueDepth.set([], 0);
    if (batch.length === 0) return;
    for (const item of batch) {
      try {
        if (item.kind === "decision") this.decision(item.event);
        else this.ops(item.event);
      } catch (err) {
        this.o.onError?.(`evidence: an event could not be processed: ${(err as Error).message}`);
      }
    }
    try {
      this.o.recorder?.flush();
    } catch (err) {
      this.o.onError?.(`evidence: recorder flush failed: ${(err as Error).message}`);
    }
    const n = this.o.redactor.count;
    if (n > this.lastRedactions) this.o.metrics.recorderRedactions.inc([], n - this.lastRedactions);
    this.lastRedactions = n;
  }

  /** Drain, close the recorder (final signed checkpoint), give emitters `drainMs` to finish. */
  async close(drainMs: number): Promise<void> {
    if (this.closed) return;
    this.drain();
    this.closed = true;
    try {
      this.o.recorder?.close();
    } catch (err) {
      this.o.onError?.(`evidence: recorder close failed: ${(err as Error).message}`);
    }
    await Promise.all(this.emitters.map((e) => e.close(drainMs)));
  }

  private push(item: Pending): void {
    if (this.closed) return;
    try {
      this.pending.push(item);
      this.o.metrics.events.inc([item.kind]);
      if (this.pending.length >= MAX_PENDING_EVENTS) this.drain();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.drain());
      }
    } catch {
      // emit never throws into a door.
    }
  }

  private decision(raw: DecisionEvent): void {
    observeDecision(this.o.metrics, raw);
    const rec = this.o.recorder;
    const recorded = rec !== undefined && (this.o.recordAllowed !== false || raw.decision === "deny" || raw.findings.length > 0);
    // Redaction is for what leaves the process: with nothing to record and no emitter it is skipped.
    if (!recorded && this.emitters.length === 0) return;
    const red = this.o.redactor.event(raw);
    if (recorded) rec.append("decision", toRecorderDetail(this.o.redactRecorder === false ? raw : red));
    if (this.emitters.length > 0) this.offer(toAuditRecord(red));
  }

  private ops(raw: OpsEvent): void {
    const record = opsAuditRecord(this.o.redactor.ops(raw));
    this.o.recorder?.append("ops", record);
    this.offer(record);
  }

  private offer(record: AuditRecord): void {
    for (const e of this.emitters) {
      try {
        e.offer(record);
      } catch {
        // An emitter's offer never throws; if one did, the others still get the event.
      }
    }
  }
}
