/**
 * @module Server-sent events for the MCP HTTP transports: an incremental parser (bytes in, events
 * out, each bounded in size) and a serializer. Event ids and types are kept exactly so resumption
 * with Last-Event-ID works through the proxy; comments (keep-alives) and `retry:` pass through.
 */

export interface SseEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
  readonly retry?: number;
  /** True when the event carried at least one `data:` line. */
  readonly hasData: boolean;
}

export type SseItem = { readonly kind: "event"; readonly event: SseEvent } | { readonly kind: "comment"; readonly text: string } | { readonly kind: "oversize" };

/** Longest id or event name kept. */
const MAX_FIELD_CHARS = 1024;

export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private dataChars = 0;
  private id: string | undefined;
  private event: string | undefined;
  private retry: number | undefined;
  private hasData = false;
  private oversize = false;
  private readonly decoder = new TextDecoder();

  constructor(private readonly maxEventChars: number) {}

  push(chunk: Uint8Array): SseItem[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    return this.drain(false);
  }

  end(): SseItem[] {
    this.buffer += this.decoder.decode();
    return this.drain(true);
  }

  private drain(final: boolean): SseItem[] {
    const out: SseItem[] = [];
    let start = 0;
    const m = /\r\n|\r|\n/g;
    for (;;) {
      m.lastIndex = start;
      const hit = m.exec(this.buffer);
      if (hit === null) break;
      // A lone CR at the very end may be the first half of CRLF: wait for more.
      if (hit[0] === "\r" && hit.index === this.buffer.length - 1 && !final) break;
      this.line(this.buffer.slice(start, hit.index), out);
      start = hit.index + hit[0].length;
    }
    this.buffer = this.buffer.slice(start);
    if (this.buffer.length > this.maxEventChars) {
      this.buffer = "";
      this.oversize = true;
    }
    if (final && this.buffer.length > 0) {
      this.line(this.buffer, out);
      this.buffer = "";
    }
    if (final) this.line("", out);
    return out;
  }

  private line(line: string, out: SseItem[]): void {
    if (line === "") {
      if (this.oversize) out.push({ kind: "oversize" });
      else if (this.hasData || this.id !== undefined || this.retry !== undefined) {
        out.push({ kind: "event", event: { data: this.data.join("\n"), hasData: this.hasData, ...(this.id !== undefined ? { id: this.id } : {}), ...(this.event !== undefined ? { event: this.event } : {}), ...(this.retry !== undefined ? { retry: this.retry } : {}) } });
      }
      this.data = [];
      this.dataChars = 0;
      this.id = undefined;
      this.event = undefined;
      this.retry = undefined;
      this.hasData = false;
      this.oversize = false;
      return;
    }
    if (line.startsWith(":")) {
      out.push({ kind: "comment", text: line.slice(1, 1 + MAX_FIELD_CHARS) });
      return;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      this.hasData = true;
      this.dataChars += value.length + 1;
      if (this.dataChars > this.maxEventChars) this.oversize = true;
      else this.data.push(value);
    } else if (field === "id") {
      if (!value.includes("\u0000")) this.id = value.slice(0, MAX_FIELD_CHARS);
    } else if (field === "event") this.event = value.slice(0, MAX_FIELD_CHARS);
    else if (field === "retry" && /^\d{1,9}$/.test(value)) this.retry = Number(value);
  }
}

/** One event as text. Multi-line data becomes several `data:` lines; no data = id/retry only. */
export function formatSse(e: { id?: string; event?: string; data?: string; retry?: number }): string {
  let out = "";
  if (e.event !== undefined) out += `event: ${oneLine(e.event)}\n`;
  if (e.id !== undefined) out += `id: ${oneLine(e.id)}\n`;
  if (e.retry !== undefined) out += `retry: ${e.retry}\n`;
  if (e.data !== undefined) for (const line of e.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  else out += "data:\n";
  return `${out}\n`;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]/g, " ");
}
