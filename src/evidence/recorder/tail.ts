/**
 * @module Where a chain left off: the last complete entry of the newest file (verified against its
 * own hash) and any cut-off bytes after it, read from the end of the file only.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { GENESIS, MAX_LINE_BYTES, parseLine, type Entry } from "./entry.ts";
import { listEvidenceFiles, type EvidenceFile } from "./read.ts";

export interface ChainTail {
  /** Next seq to write. */
  readonly nextSeq: number;
  readonly prevHash: string;
  /** The newest file, when its last bytes are a cut-off entry (crash or kill mid-write). */
  readonly partial?: { readonly file: EvidenceFile; readonly bytes: number; readonly afterSeq: number | undefined; readonly onlyPartial: boolean };
}

/** Find the tail of `session`'s chain in `dir`. @throws Error when the tail entry does not verify. */
export function findTail(dir: string, session: string): ChainTail {
  const files = listEvidenceFiles(dir).filter((f) => f.session === session);
  let partial: ChainTail["partial"];
  for (let i = files.length - 1; i >= 0; i--) {
    const file = files[i]!;
    const { last, trailing } = lastLine(file.path);
    if (i === files.length - 1 && trailing > 0) partial = { file, bytes: trailing, afterSeq: undefined, onlyPartial: last === undefined };
    if (last === undefined) {
      if (i < files.length - 1) throw new Error(`${file.name} holds no complete entry but is not the newest file; run \`pipelock recorder verify\``);
      continue;
    }
    const parsed = parseLine(last);
    if (!parsed.ok || !parsed.hashValid) {
      throw new Error(`the last entry of ${file.path} does not verify (${parsed.ok ? "hash mismatch" : parsed.reason}); run \`pipelock recorder verify ${dir}\` and move the directory aside to start a new chain`);
    }
    const e: Entry = parsed.entry;
    return { nextSeq: e.seq + 1, prevHash: e.hash, ...(partial ? { partial: { ...partial, afterSeq: e.seq } } : {}) };
  }
  return { nextSeq: 0, prevHash: GENESIS, ...(partial ? { partial } : {}) };
}

/** The last complete line (without newline) and the count of bytes after it. */
function lastLine(path: string): { last: string | undefined; trailing: number } {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { last: undefined, trailing: 0 };
    const want = Math.min(size, MAX_LINE_BYTES * 2 + 2);
    const buf = Buffer.allocUnsafe(want);
    readSync(fd, buf, 0, want, size - want);
    const lastNl = buf.lastIndexOf(10);
    if (lastNl < 0) {
      if (size > want) throw new Error(`${path}: the last line is longer than ${MAX_LINE_BYTES} bytes`);
      return { last: undefined, trailing: size };
    }
    const trailing = want - lastNl - 1;
    const prevNl = lastNl === 0 ? -1 : buf.lastIndexOf(10, lastNl - 1);
    if (prevNl < 0 && size > want) throw new Error(`${path}: the last entry is longer than ${MAX_LINE_BYTES} bytes`);
    return { last: buf.subarray(prevNl + 1, lastNl).toString("utf8"), trailing };
  } finally {
    closeSync(fd);
  }
}
