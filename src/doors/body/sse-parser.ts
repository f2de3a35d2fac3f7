/**
 * @module An incremental Server-Sent Events parser (WHATWG HTML §9.2.6): text in, whole events out.
 * Lines end in CRLF, LF or CR (a CR at the end of one chunk and an LF at the start of the next are one
 * line end); `data:` lines join with "\n"; one space after the colon is dropped; `:` lines are
 * comments; a blank line dispatches. Each event keeps its non-comment lines as received so it can be
 * passed on unchanged. One event's size is bounded while it accumulates, not after.
 */

export interface SseEvent {
  /** Non-comment lines as received, without line endings. */
  readonly lines: readonly string[];
  readonly data: string;
  readonly event: string;
  readonly id: string;
  readonly retry: string;
  /** Values of fields the standard does not define (ignored by clients, scanned anyway). */
  readonly other: readonly string[];
  /** True for a block of comment lines only (a keep-alive). */
  readonly commentOnly: boolean;
  /** True when the stream ended before the blank line that would dispatch it. */
  readonly incomplete: boolean;
}

export class SseEventTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`an SSE event is over ${maxBytes} bytes`);
  }
}

export class SseParser {
  private partial: string[] = [];
  private partialBytes = 0;
  private lines: string[] = [];
  private data: string[] = [];
  private event = "";
  private id = "";
  private retry = "";
  private other: string[] = [];
  private comments = 0;
  private eventBytes = 0;
  private skipLf = false;
  private started = false;

  constructor(private readonly maxEventBytes: number) {}

  /** Characters held for the event being read (for memory accounting). */
  get bufferedBytes(): number {
    return this.eventBytes + this.partialBytes;
  }

  /** Feed decoded text; returns the events it completed. Throws SseEventTooLarge. */
  push(text: string): SseEvent[] {
    if (text.length === 0) return [];
    let s = text;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const out: SseEvent[] = [];
    let from = 0;
    if (this.skipLf && s.charCodeAt(0) === 0x0a) from = 1;
    this.skipLf = false;
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) continue;
      this.appendPartial(s.slice(from, i));
      const line = this.partial.join("");
      this.partial = [];
      this.partialBytes = 0;
      if (c === 0x0d) {
        if (s.charCodeAt(i + 1) === 0x0a) i++;
        else if (i + 1 === s.length) this.skipLf = true;
      }
      from = i + 1;
      const ev = this.line(line);
      if (ev) out.push(ev);
    }
    this.appendPartial(s.slice(from));
    return out;
  }

  /** End of stream: the event still being read, if any (clients drop it; it is scanned anyway). */
  end(): SseEvent | undefined {
    if (this.partial.length > 0) {
      const line = this.partial.join("");
      this.partial = [];
      this.partialBytes = 0;
      if (line !== "") this.line(line);
    }
    if (this.lines.length === 0 && this.comments === 0) return undefined;
    return this.dispatch(true);
  }

  private appendPartial(piece: string): void {
    if (piece.length === 0) return;
    this.partial.push(piece);
    this.partialBytes += utf8Length(piece);
    if (this.eventBytes + this.partialBytes > this.maxEventBytes) throw new SseEventTooLarge(this.maxEventBytes);
  }

  private line(line: string): SseEvent | undefined {
    if (line === "") return this.lines.length === 0 && this.comments === 0 ? undefined : this.dispatch(false);
    this.eventBytes += utf8Length(line) + 1;
    if (this.eventBytes > this.maxEventBytes) throw new SseEventTooLarge(this.maxEventBytes);
    if (line.charCodeAt(0) === 0x3a) {
      this.comments++;
      return undefined;
    }
    this.lines.push(line);
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id") this.id = value;
    else if (field === "retry") this.retry = value;
    else this.other.push(value);
    return undefined;
  }

  private dispatch(incomplete: boolean): SseEvent {
    const ev: SseEvent = {
      lines: this.lines,
      data: this.data.join("\n"),
      event: this.event,
      id: this.id,
      retry: this.retry,
      other: this.other,
      commentOnly: this.lines.length === 0,
      incomplete,
    };
    this.lines = [];
    this.data = [];
    this.event = "";
    this.id = "";
    this.retry = "";
    this.other = [];
    this.comments = 0;
    this.eventBytes = 0;
    return ev;
  }
}

/** The text an event is scanned as: its data, then its metadata values (reference "canonical text"). */
export function eventScanText(ev: SseEvent): string {
  const meta = [ev.event, ev.id, ev.retry, ...ev.other].filter((v) => v !== "");
  return meta.length === 0 ? ev.data : `${ev.data}\n${meta.join("\n")}`;
}

/** The event as passed on: its lines unchanged, LF line ends; a keep-alive stays a bare comment. */
export function serializeEvent(ev: SseEvent): string {
  if (ev.commentOnly) return ":\n\n";
  return `${ev.lines.join("\n")}\n\n`;
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) n += 1; // a surrogate pair is 4 bytes for 2 units
    else if (c >= 0x800) n += 2;
    else if (c >= 0x80) n += 1;
  }
  return n;
}
