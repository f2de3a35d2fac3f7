/**
 * @module Streaming scan of a text/HTML/JSON response with an overlap window. Bytes are decoded as
 * they arrive (TextDecoder in stream mode, so a character split across chunks is decoded whole) and
 * held until scanned. Each scan covers the new text plus the `overlapChars` before it; once clean,
 * everything but the last `overlapChars` characters is released, and those stay held so a match
 * that spans into the next chunk is seen whole *before* any of it leaves (the overlap must be as
 * long as the longest possible match). Held text stays under overlapChars + scanStepChars + two
 * upstream segments, whatever the body size. Unmodified text goes out as the exact upstream bytes;
 * only stripped text is re-encoded (UTF-8 bodies only; elsewhere a strip becomes a block).
 */
import { isUtf8Charset } from "./content-type.ts";
import { MAX_SEGMENT_BYTES } from "./limits.ts";
import type { OutcomeRecorder } from "./outcome-recorder.ts";
import { handlingOf, subjectOf, type ScanFn, type TextSubjectKind } from "./scan-types.ts";
import { scanView } from "./scan-view.ts";
import { safeCut, stripByBisection } from "./strip-span.ts";

/** A precise strip (e.g. from match offsets): the text with every match removed, or undefined. */
export type StripFn = (text: string, subject: TextSubjectKind) => Promise<string | undefined>;

export interface TextScannerOptions {
  readonly scan: ScanFn;
  readonly host?: string;
  readonly subjects: readonly TextSubjectKind[];
  readonly charset?: string;
  readonly overlapChars: number;
  readonly scanStepChars: number;
  readonly strip?: StripFn;
}

interface Segment {
  text: string;
  /** The upstream bytes this text came from; absent once the text was modified by a strip. */
  readonly bytes?: Uint8Array;
}

/** Released slots are compacted away once this many pile up at the head. */
const COMPACT_AFTER = 1024;
/**
 * What a released slot holds until compaction: the released text and bytes must not stay reachable
 * (1024 segments of 16 KiB are 16 MiB of bytes plus their text, per stream).
 */
const RELEASED: Segment = { text: "" };

export class TextScanner {
  private segments: Segment[] = [];
  private head = 0;
  private chars = 0;
  private heldBytes = 0;
  private unscanned = 0;
  private released = 0;
  maxBufferedChars = 0;
  maxBufferedBytes = 0;
  private readonly decoder: TextDecoder;
  private readonly utf8: boolean;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly o: TextScannerOptions,
    private readonly recorder: OutcomeRecorder,
  ) {
    this.utf8 = isUtf8Charset(o.charset);
    try {
      this.decoder = new TextDecoder((o.charset ?? "utf-8") as Bun.Encoding, { fatal: false });
    } catch {
      this.decoder = new TextDecoder("utf-8", { fatal: false });
    }
  }

  get bufferedChars(): number {
    return this.chars;
  }

  async write(chunk: Uint8Array): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for (let off = 0; off < chunk.byteLength && !this.recorder.settled; off += MAX_SEGMENT_BYTES) {
      const bytes = chunk.slice(off, off + MAX_SEGMENT_BYTES);
      this.add({ text: this.decoder.decode(bytes, { stream: true }), bytes });
      if (this.unscanned >= this.o.scanStepChars) {
        if (!(await this.scanWindow())) return out;
        out.push(...this.release(false));
      }
    }
    return out;
  }

  async end(): Promise<Uint8Array[]> {
    if (this.recorder.settled) return [];
    // Bytes of a truncated character were already held; only their U+FFFD text is new.
    this.add({ text: this.decoder.decode(), bytes: new Uint8Array(0) });
    if (this.unscanned > 0 && !(await this.scanWindow())) return [];
    const out = this.release(true);
    this.recorder.allow();
    return out;
  }

  private add(seg: Segment): void {
    this.segments.push(seg);
    this.chars += seg.text.length;
    this.unscanned += seg.text.length;
    this.heldBytes += seg.bytes?.byteLength ?? seg.text.length * 3;
    if (this.chars > this.maxBufferedChars) this.maxBufferedChars = this.chars;
    if (this.heldBytes > this.maxBufferedBytes) this.maxBufferedBytes = this.heldBytes;
  }

  /**
   * Scan the new text plus the overlap before it, with each subject kind (older held text was
   * scanned already; a match reaching into the new text starts within the overlap). False when cut.
   */
  private async scanWindow(): Promise<boolean> {
    const held = this.text();
    const start = safeCut(held, Math.max(0, held.length - this.unscanned - this.o.overlapChars));
    const prefix = held.slice(0, start);
    let window = held.slice(start);
    const at = this.released + start;
    for (const kind of this.o.subjects) {
      const verdict = await this.o.scan(subjectOf(kind, scanView(window), this.o.host));
      const handling = handlingOf(verdict);
      if (handling === "clean") continue;
      if (handling === "warn") {
        this.recorder.report("warn", verdict, kind, at);
        continue;
      }
      if (handling === "strip") {
        const stripped = this.utf8 ? await this.stripText(window, kind) : undefined;
        if (stripped !== undefined) {
          this.recorder.report("strip", verdict, kind, at);
          window = stripped;
          this.replaceHeld(prefix + stripped);
          continue;
        }
      }
      this.recorder.report("block", verdict, kind, at);
      this.recorder.deny(verdict.findings, verdict.failure ?? (handling === "strip" ? "strip_failed" : undefined));
      return false;
    }
    this.unscanned = 0;
    return true;
  }

  private async stripText(text: string, kind: TextSubjectKind): Promise<string | undefined> {
    const matches = async (t: string) => (await this.o.scan(subjectOf(kind, scanView(t), this.o.host))).decision === "deny";
    if (!this.o.strip) return stripByBisection(text, matches);
    // A supplied strip is trusted only as far as a rescan of its result agrees.
    const stripped = await this.o.strip(text, kind);
    return stripped === undefined || (await matches(stripped)) ? undefined : stripped;
  }

  private text(): string {
    let s = "";
    for (let i = this.head; i < this.segments.length; i++) s += this.segments[i]!.text;
    return s;
  }

  private replaceHeld(text: string): void {
    this.segments = [{ text }];
    this.head = 0;
    this.chars = text.length;
    this.heldBytes = text.length * 3;
  }

  /** Release whole segments up to `chars - overlap` (all at the end); modified text may be cut anywhere. */
  private release(all: boolean): Uint8Array[] {
    const boundary = all ? this.chars : this.chars - this.o.overlapChars;
    const out: Uint8Array[] = [];
    let pos = 0;
    while (this.head < this.segments.length) {
      const seg = this.segments[this.head]!;
      if (pos + seg.text.length <= boundary) {
        out.push(seg.bytes ?? this.encoder.encode(seg.text));
        pos += seg.text.length;
        this.heldBytes -= seg.bytes?.byteLength ?? seg.text.length * 3;
        this.segments[this.head++] = RELEASED;
        continue;
      }
      if (seg.bytes === undefined && boundary > pos) {
        const cut = safeCut(seg.text, boundary - pos);
        if (cut > 0 && cut < seg.text.length) {
          out.push(this.encoder.encode(seg.text.slice(0, cut)));
          seg.text = seg.text.slice(cut);
          this.heldBytes -= cut * 3;
          pos += cut;
        }
      }
      break;
    }
    this.chars -= pos;
    this.released += pos;
    if (this.head >= COMPACT_AFTER || this.head === this.segments.length) {
      this.segments = this.segments.slice(this.head);
      this.head = 0;
    }
    for (const b of out) this.recorder.bytes += b.byteLength;
    return out.filter((b) => b.byteLength > 0);
  }
}
