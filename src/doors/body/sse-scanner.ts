/**
 * @module Streaming scan of a text/event-stream response, one event at a time: each event's data and
 * metadata are scanned (injection and DLP by default) before the event is released, clean events go
 * out at once (token-by-token streaming is kept), and a block cuts the stream after the last clean
 * event. Strip drops the offending event and carries on; warn passes it and reports. Comment-only
 * blocks are passed as a bare keep-alive. An event over maxEventBytes cuts the stream (fail closed).
 */
import { MAX_SEGMENT_BYTES } from "./limits.ts";
import type { OutcomeRecorder } from "./outcome-recorder.ts";
import { handlingOf, subjectOf, type ScanFn, type TextSubjectKind } from "./scan-types.ts";
import { scanView } from "./scan-view.ts";
import { eventScanText, serializeEvent, SseEventTooLarge, SseParser, type SseEvent } from "./sse-parser.ts";

export interface SseScannerOptions {
  readonly scan: ScanFn;
  readonly host?: string;
  readonly subjects: readonly TextSubjectKind[];
  readonly maxEventBytes: number;
}

export class SseScanner {
  private readonly parser: SseParser;
  private readonly decoder = new TextDecoder("utf-8", { fatal: false });
  private readonly encoder = new TextEncoder();
  /** Events seen so far (the index of the next one). */
  events = 0;
  maxBufferedBytes = 0;

  constructor(
    private readonly o: SseScannerOptions,
    private readonly recorder: OutcomeRecorder,
  ) {
    this.parser = new SseParser(o.maxEventBytes);
  }

  get bufferedBytes(): number {
    return this.parser.bufferedBytes;
  }

  async write(chunk: Uint8Array): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for (let off = 0; off < chunk.byteLength && !this.recorder.settled; off += MAX_SEGMENT_BYTES) {
      const events = this.parse(() => this.parser.push(this.decoder.decode(chunk.subarray(off, off + MAX_SEGMENT_BYTES), { stream: true })));
      if (events === undefined) return out;
      if (!(await this.pass(events, out))) return out;
    }
    return out;
  }

  async end(): Promise<Uint8Array[]> {
    if (this.recorder.settled) return [];
    const out: Uint8Array[] = [];
    const events = this.parse(() => {
      const found = this.parser.push(this.decoder.decode());
      const last = this.parser.end();
      return last ? [...found, last] : found;
    });
    if (events === undefined || !(await this.pass(events, out))) return out;
    this.recorder.allow();
    return out;
  }

  private parse(step: () => SseEvent[]): SseEvent[] | undefined {
    try {
      const events = step();
      if (this.parser.bufferedBytes > this.maxBufferedBytes) this.maxBufferedBytes = this.parser.bufferedBytes;
      return events;
    } catch (err) {
      if (!(err instanceof SseEventTooLarge)) throw err;
      this.recorder.deny([], "sse_event_too_large");
      return undefined;
    }
  }

  /** Scan and release events in order; false when the stream was cut. */
  private async pass(events: readonly SseEvent[], out: Uint8Array[]): Promise<boolean> {
    for (const ev of events) {
      const index = this.events++;
      const keep = ev.commentOnly ? true : await this.check(ev, index);
      if (keep === undefined) return false;
      if (!keep) continue;
      const bytes = this.encoder.encode(serializeEvent(ev));
      this.recorder.bytes += bytes.byteLength;
      out.push(bytes);
    }
    return true;
  }

  /** true = pass, false = stripped (dropped), undefined = blocked (stream cut). */
  private async check(ev: SseEvent, index: number): Promise<boolean | undefined> {
    const text = scanView(eventScanText(ev));
    if (text === "") return true;
    for (const kind of this.o.subjects) {
      const verdict = await this.o.scan(subjectOf(kind, text, this.o.host));
      const handling = handlingOf(verdict);
      if (handling === "clean") continue;
      if (handling === "warn") {
        this.recorder.report("warn", verdict, kind, index);
        continue;
      }
      if (handling === "strip") {
        this.recorder.report("strip", verdict, kind, index);
        return false;
      }
      this.recorder.report("block", verdict, kind, index);
      this.recorder.deny(verdict.findings, verdict.failure);
      return undefined;
    }
    return true;
  }
}
