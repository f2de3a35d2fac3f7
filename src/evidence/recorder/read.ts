/**
 * @module Reading evidence directories: the files of one chain in order, and their lines with
 * bounded memory (1 MiB chunks; a line longer than MAX_LINE_BYTES is reported, not buffered).
 */
import { closeSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import { MAX_LINE_BYTES, parseFileName } from "./entry.ts";

const CHUNK_BYTES = 1024 * 1024;

export interface EvidenceFile {
  readonly name: string;
  readonly path: string;
  readonly session: string;
  /** Sequence number in the file name (the first entry's seq). */
  readonly seq: number;
}

/** Evidence files in `dir` (every session), ordered by session then starting seq. */
export function listEvidenceFiles(dir: string): EvidenceFile[] {
  const files: EvidenceFile[] = [];
  for (const name of readdirSync(dir)) {
    const parsed = parseFileName(name);
    if (parsed) files.push({ name, path: join(dir, name), ...parsed });
  }
  return files.sort((a, b) => (a.session === b.session ? a.seq - b.seq : a.session < b.session ? -1 : 1));
}

export interface RawLine {
  /** 1-based. */
  readonly lineNo: number;
  /** Text without the newline; empty when `tooLong`. */
  readonly text: string;
  /** False for a last line with no newline (a cut-off write). */
  readonly complete: boolean;
  /** Byte length of the line (without newline). */
  readonly bytes: number;
  readonly tooLong: boolean;
}

/** Lines of a file, in order. */
export function* readLines(path: string): Generator<RawLine> {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let overflow = false;
    let lineNo = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(10, start);
        if (nl < 0 || nl >= n) break;
        const piece = buf.subarray(start, nl);
        const bytes = pendingBytes + piece.length;
        lineNo += 1;
        if (overflow || bytes > MAX_LINE_BYTES) yield { lineNo, text: "", complete: true, bytes, tooLong: true };
        else yield { lineNo, text: Buffer.concat([...pending, piece]).toString("utf8"), complete: true, bytes, tooLong: false };
        pending = [];
        pendingBytes = 0;
        overflow = false;
        start = nl + 1;
      }
      if (start < n) {
        const rest = buf.subarray(start, n);
        pendingBytes += rest.length;
        if (pendingBytes > MAX_LINE_BYTES) {
          overflow = true;
          pending = [];
        } else pending.push(Buffer.from(rest));
      }
    }
    if (pendingBytes > 0) {
      lineNo += 1;
      yield { lineNo, text: overflow ? "" : Buffer.concat(pending).toString("utf8"), complete: false, bytes: pendingBytes, tooLong: overflow };
    }
  } finally {
    closeSync(fd);
  }
}
