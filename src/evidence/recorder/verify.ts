/**
 * @module `recorder verify`: walk every file of a chain in order and report the first problem:
 * an edited entry (hash mismatch), a deleted, replaced or reordered entry (broken link / seq jump),
 * a missing, renamed, swapped or foreign file (file boundary checks), a malformed line, a bad or
 * missing checkpoint signature. A cut-off last line is a crash, not tampering: reported as a
 * truncated tail (last file) or accepted when the next file opens with the recovery entry the
 * writer adds for it.
 */
import { checkpointMessage, GENESIS, parseLine, type Entry } from "./entry.ts";
import { keyIdOf, verifyMessage } from "./keys.ts";
import { listEvidenceFiles, readLines, type EvidenceFile } from "./read.ts";

export type ProblemKind =
  | "modified"
  | "missing_entries"
  | "reordered"
  | "broken_link"
  | "missing_file"
  | "file_order"
  | "not_genesis"
  | "malformed"
  | "cut_entry"
  | "bad_signature"
  | "missing_signature"
  | "bad_checkpoint"
  | "empty";

export interface VerifyProblem {
  readonly kind: ProblemKind;
  readonly file: string;
  readonly line?: number;
  readonly seq?: number;
  readonly message: string;
}

export interface VerifyReport {
  readonly session: string;
  readonly files: number;
  readonly entries: number;
  readonly checkpoints: number;
  /** Checkpoint signatures checked against the key (0 without --key). */
  readonly signaturesVerified: number;
  readonly keyChecked: boolean;
  readonly firstSeq?: number;
  readonly lastSeq?: number;
  readonly lastHash?: string;
  /** The first problem found; verification stops there. */
  readonly problem?: VerifyProblem;
  /** The last file ends with a cut-off entry (crash or kill mid-write): exactly what was lost. */
  readonly truncatedTail?: { readonly file: string; readonly line: number; readonly bytes: number; readonly afterSeq?: number };
  /** Earlier crashes, each acknowledged by a recovery entry. */
  readonly recoveries: readonly { readonly seq: number; readonly file: string; readonly partialBytes: number; readonly lostEntries: number }[];
  /** Entries after the last checkpoint: not (yet) covered by a signature. */
  readonly unsignedTail: number;
}

export interface VerifyOptions {
  /** Check checkpoint signatures with this Ed25519 public key. */
  readonly publicKey?: Uint8Array;
  /** Accept a chain whose first file does not start at genesis (older files removed by retention). */
  readonly allowPruned?: boolean;
}

/** Verify every session found in `dir` (usually one, "proxy"). */
export function verifyDir(dir: string, options: VerifyOptions = {}): VerifyReport[] {
  const files = listEvidenceFiles(dir);
  const sessions = [...new Set(files.map((f) => f.session))];
  return sessions.map((s) => verifyChain(s, files.filter((f) => f.session === s), options));
}

interface State {
  prev: Entry | undefined;
  prevWhere: string;
  entries: number;
  checkpoints: number;
  signatures: number;
  lastCheckpointSeq: number | undefined;
  firstSeq: number | undefined;
  /** A cut-off line at the end of the previous file, awaiting its recovery entry. */
  cut: { file: string; line: number; bytes: number } | undefined;
  recoveries: { seq: number; file: string; partialBytes: number; lostEntries: number }[];
}

export function verifyChain(session: string, files: readonly EvidenceFile[], options: VerifyOptions = {}): VerifyReport {
  const st: State = { prev: undefined, prevWhere: "", entries: 0, checkpoints: 0, signatures: 0, lastCheckpointSeq: undefined, firstSeq: undefined, cut: undefined, recoveries: [] };
  const report = (extra: Partial<VerifyReport>): VerifyReport => ({
    session,
    files: files.length,
    entries: st.entries,
    checkpoints: st.checkpoints,
    signaturesVerified: st.signatures,
    keyChecked: options.publicKey !== undefined,
    recoveries: st.recoveries,
    unsignedTail: st.prev === undefined ? 0 : st.prev.seq - (st.lastCheckpointSeq ?? (st.firstSeq ?? 0) - 1),
    ...(st.firstSeq !== undefined ? { firstSeq: st.firstSeq } : {}),
    ...(st.prev ? { lastSeq: st.prev.seq, lastHash: st.prev.hash } : {}),
    ...extra,
  });
  for (let fi = 0; fi < files.length; fi++) {
    const file = files[fi]!;
    const isLastFile = fi === files.length - 1;
    let firstInFile = true;
    let cutHere: { line: number; bytes: number } | undefined;
    for (const raw of readLines(file.path)) {
      const where = `${file.name}:${raw.lineNo}`;
      if (!raw.complete) {
        cutHere = { line: raw.lineNo, bytes: raw.bytes };
        break;
      }
      const fail = (kind: ProblemKind, message: string, seq?: number) => report({ problem: { kind, file: file.name, line: raw.lineNo, ...(seq !== undefined ? { seq } : {}), message: `${where}: ${message}` } });
      if (raw.tooLong) return fail("malformed", "line is longer than 1 MiB; not an entry");
      const parsed = parseLine(raw.text);
      if (!parsed.ok) return fail("malformed", `${parsed.reason} (an entry was cut, corrupted or inserted)`);
      const e = parsed.entry;
      if (!parsed.hashValid) return fail("modified", `entry seq ${e.seq} was modified: its hash does not match its content`, e.seq);
      if (firstInFile && e.seq !== file.seq) return fail("file_order", `file name says seq ${file.seq} but its first entry is seq ${e.seq}: files were renamed or swapped`, e.seq);
      if (st.cut && firstInFile) {
        const d = e.detail as Record<string, unknown> | null;
        if (e.type !== "recovery" || d?.file !== st.cut.file || d?.partial_bytes !== st.cut.bytes) {
          return fail("cut_entry", `${st.cut.file} ends with a cut-off entry (line ${st.cut.line}, ${st.cut.bytes} bytes) that no recovery entry acknowledges: the file was truncated`, e.seq);
        }
      }
      const link = checkLink(st, e, file, firstInFile, options);
      if (link) {
        if (link.kind === "missing_entries" && appearsLater(file.path, raw.lineNo, st.prev!.seq + 1)) {
          return fail("reordered", `seq ${e.seq} follows seq ${st.prev!.seq} (${st.prevWhere}) but seq ${st.prev!.seq + 1} appears later in the file: entries were reordered`, e.seq);
        }
        return fail(link.kind, link.message, e.seq);
      }
      if (e.type === "checkpoint") {
        const cp = checkCheckpoint(e, options.publicKey);
        if (cp) return fail(cp.kind, cp.message, e.seq);
        st.checkpoints += 1;
        if (options.publicKey) st.signatures += 1;
        st.lastCheckpointSeq = e.seq;
      }
      if (st.cut && firstInFile) {
        st.recoveries.push({ seq: e.seq, file: st.cut.file, partialBytes: st.cut.bytes, lostEntries: 0 });
        st.cut = undefined;
      } else if (e.type === "recovery") {
        const d = (e.detail ?? {}) as Record<string, unknown>;
        st.recoveries.push({ seq: e.seq, file: String(d.file ?? ""), partialBytes: Number(d.partial_bytes ?? 0), lostEntries: Number(d.lost_entries ?? 0) });
      }
      st.firstSeq ??= e.seq;
      st.prev = e;
      st.prevWhere = where;
      st.entries += 1;
      firstInFile = false;
    }
    if (st.cut) return report({ problem: { kind: "cut_entry", file: st.cut.file, line: st.cut.line, message: `${st.cut.file}:${st.cut.line}: the file ends with a cut-off entry but the next file does not start with a recovery entry: the file was truncated` } });
    if (cutHere) {
      if (isLastFile) return report({ truncatedTail: { file: file.name, line: cutHere.line, bytes: cutHere.bytes, ...(st.prev ? { afterSeq: st.prev.seq } : {}) } });
      st.cut = { file: file.name, ...cutHere };
    } else if (firstInFile && !isLastFile) {
      return report({ problem: { kind: "empty", file: file.name, message: `${file.name}: holds no entries but is not the newest file: its content was removed` } });
    }
  }
  return report({});
}

/** Whether an entry with `seq` occurs after line `afterLine` of the file (to tell reordering from deletion). */
function appearsLater(path: string, afterLine: number, seq: number): boolean {
  for (const raw of readLines(path)) {
    if (raw.lineNo <= afterLine || !raw.complete || raw.tooLong) continue;
    const p = parseLine(raw.text);
    if (p.ok && p.entry.seq === seq) return true;
  }
  return false;
}

function checkLink(st: State, e: Entry, file: EvidenceFile, firstInFile: boolean, options: VerifyOptions): { kind: ProblemKind; message: string } | undefined {
  const prev = st.prev;
  if (prev === undefined) {
    if (e.prev_hash === GENESIS && e.seq === 0) return undefined;
    if (options.allowPruned && e.prev_hash !== GENESIS) return undefined;
    return { kind: "not_genesis", message: `the chain starts at seq ${e.seq}, not at genesis: earlier files are missing (pass --allow-pruned if retention_days removed them)` };
  }
  if (e.prev_hash === prev.hash) {
    if (e.seq !== prev.seq + 1) return { kind: "broken_link", message: `seq ${e.seq} follows seq ${prev.seq} with a matching link: sequence numbers were altered` };
    return undefined;
  }
  if (e.seq <= prev.seq) return { kind: "reordered", message: `seq ${e.seq} comes after seq ${prev.seq} (${st.prevWhere}): entries or files are out of order` };
  if (e.seq > prev.seq + 1) {
    const range = e.seq - 1 === prev.seq + 1 ? `seq ${prev.seq + 1} is` : `seq ${prev.seq + 1}..${e.seq - 1} are`;
    if (firstInFile) return { kind: "missing_file", message: `${range} missing between the previous file and ${file.name}: a file was deleted` };
    return { kind: "missing_entries", message: `${range} missing: entries were deleted after ${st.prevWhere}` };
  }
  if (firstInFile) return { kind: "missing_file", message: `${file.name} does not link to the last entry of the previous file (seq ${prev.seq}): a file was replaced or comes from another chain` };
  return { kind: "broken_link", message: `seq ${e.seq} does not link to seq ${prev.seq} (${st.prevWhere}): an entry was replaced` };
}

function checkCheckpoint(e: Entry, publicKey: Uint8Array | undefined): { kind: ProblemKind; message: string } | undefined {
  const d = e.detail as Record<string, unknown> | null;
  const first = d?.first_seq;
  const last = d?.last_seq;
  const sig = d?.signature;
  if (typeof first !== "number" || typeof last !== "number" || typeof sig !== "string" || last !== e.seq - 1 || first > last) {
    return { kind: "bad_checkpoint", message: `checkpoint seq ${e.seq} is malformed (first_seq/last_seq/signature)` };
  }
  if (!publicKey) return undefined;
  if (sig === "") return { kind: "missing_signature", message: `checkpoint seq ${e.seq} is not signed (the recorder ran without signing_key_path)` };
  if (!verifyMessage(checkpointMessage(first, last, e.prev_hash), sig, publicKey)) {
    const other = typeof d?.key_id === "string" && d.key_id !== "" && d.key_id !== keyIdOf(publicKey);
    return { kind: "bad_signature", message: `checkpoint seq ${e.seq}: the signature does not verify${other ? ` (signed by ${d.key_id}, not by this key)` : ""}` };
  }
  return undefined;
}
