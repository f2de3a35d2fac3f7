/**
 * @module LineSplitter: newline-delimited framing for stdio with a hard bound. Bytes in, whole
 * lines out (UTF-8 decoded, trailing CR dropped, blank lines skipped). A line that grows past the
 * bound is reported once as oversize and its bytes are discarded up to the next newline, so memory
 * never exceeds the bound whatever the peer writes.
 */
import { concatBytes } from "../../bytes/index.ts";

export type Line =
  | { readonly kind: "line"; readonly text: string; readonly bytes: number }
  | { readonly kind: "oversize"; readonly bytes: number }
  | { readonly kind: "invalid_utf8"; readonly bytes: number };

const NEWLINE = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private parts: Uint8Array[] = [];
  private size = 0;
  /** Bytes of an oversize line seen so far while discarding it. */
  private discarding = -1;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  constructor(private readonly maxBytes: number) {}

  /** Bytes of an unfinished line held now (never more than the bound). */
  get buffered(): number {
    return this.size;
  }

  /** Feed a chunk; returns the complete lines it finished. */
  push(chunk: Uint8Array): Line[] {
    const out: Line[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) break;
      this.take(chunk.subarray(start, nl), out, true);
      start = nl + 1;
    }
    if (start < chunk.length) this.take(chunk.subarray(start), out, false);
    return out;
  }

  /** End of stream: a final line without a newline still counts. */
  end(): Line[] {
    const out: Line[] = [];
    if (this.size > 0 || this.discarding >= 0) this.take(new Uint8Array(0), out, true);
    return out;
  }

  private take(piece: Uint8Array, out: Line[], complete: boolean): void {
    if (this.discarding >= 0) {
      this.discarding += piece.length;
      if (complete) {
        out.push({ kind: "oversize", bytes: this.discarding });
        this.discarding = -1;
      }
      return;
    }
    if (this.size + piece.length > this.maxBytes) {
      this.discarding = this.size + piece.length;
      this.parts = [];
      this.size = 0;
      if (complete) {
        out.push({ kind: "oversize", bytes: this.discarding });
        this.discarding = -1;
      }
      return;
    }
    if (!complete) {
      // Copy: the caller may reuse its buffer.
      this.parts.push(piece.slice());
      this.size += piece.length;
      return;
    }
    let line: Uint8Array;
    if (this.parts.length === 0) line = piece;
    else {
      this.parts.push(piece);
      line = concatBytes(this.parts, this.size + piece.length);
      this.parts = [];
      this.size = 0;
    }
    let end = line.length;
    if (end > 0 && line[end - 1] === CR) end--;
    if (isBlank(line, end)) return;
    try {
      out.push({ kind: "line", text: this.decoder.decode(line.subarray(0, end)), bytes: end });
    } catch {
      out.push({ kind: "invalid_utf8", bytes: end });
    }
  }
}

function isBlank(line: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = line[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== CR) return false;
  }
  return true;
}
