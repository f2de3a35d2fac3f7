/**
 * @module RecorderWriter: appends hash-chained entries to `evidence-<session>-<seq>.jsonl` files.
 *
 * Write path: `append` serialises, hashes and buffers an entry (no I/O); `flush` hands the buffer
 * to the OS in one write. The owner flushes once per event-loop turn (the evidence pipeline does),
 * so a crash or kill -9 loses only the batch of the current turn not yet flushed, of which at most
 * one line is cut; the next start acknowledges a cut line with a `recovery` entry and `recorder
 * verify` reports it exactly. `writeThrough` writes each entry as it is appended, so a kill loses
 * at most the entry being written.
 *
 * fsync policy: `checkpoint` (default) fsyncs at every checkpoint, rotation and close, so a power
 * loss costs at most the entries since the last checkpoint; `always` fsyncs after every flush;
 * `never` leaves it to the OS.
 *
 * Checkpoints: every `checkpointInterval` entries, at rotation and at close, a `checkpoint` entry
 * signs (Ed25519) the hash of the last entry it covers; the chain makes that one signature cover
 * everything before it. Rotation by entries, size or age; each process start opens a new file; the
 * chain continues across files (the first entry of a file links to the last of the previous one).
 */
import { closeSync, fdatasyncSync, mkdirSync, openSync, statSync, unlinkSync, writeSync, type PathLike } from "node:fs";
import { join } from "node:path";
import type { PipelockMetrics } from "../metrics/index.ts";
import { checkpointMessage, encodeEntry, fileNameFor, type CheckpointDetail, type EntryType } from "./entry.ts";
import { signMessage, type SigningKey } from "./keys.ts";
import { listEvidenceFiles } from "./read.ts";
import { findTail } from "./tail.ts";

/** Flush early when this much is buffered (bytes, approximate). */
export const FLUSH_THRESHOLD_BYTES = 256 * 1024;
/** When the disk refuses writes, buffer at most this much before dropping entries (recorded as a gap). */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const DAY_MS = 86_400_000;

export type FsyncPolicy = "always" | "checkpoint" | "never";

export interface RecorderOptions {
  readonly dir: string;
  /** File-family name; the proxy uses "proxy". */
  readonly session?: string;
  readonly checkpointInterval?: number;
  readonly maxEntriesPerFile?: number;
  readonly maxFileBytes?: number;
  /** Rotate files older than this (0 = never). */
  readonly rotateIntervalMs?: number;
  readonly fsync?: FsyncPolicy;
  /** Hand every entry to the OS as it is appended (≈ 1.6 µs more per entry) instead of once per flush. */
  readonly writeThrough?: boolean;
  readonly signingKey?: SigningKey;
  readonly retentionDays?: number;
  readonly metrics?: PipelockMetrics;
  /** Milliseconds since the epoch (tests inject a clock). */
  readonly now?: () => number;
  /** Write and fsync failures (rate-limiting is the caller's business). */
  readonly onError?: (message: string) => void;
  /** Each checkpoint written (to send its hash somewhere the recorder's host cannot rewrite). */
  readonly onCheckpoint?: (anchor: CheckpointAnchor) => void;
}

/** What a checkpoint commits to: publish it elsewhere and a cut tail becomes detectable. */
export interface CheckpointAnchor {
  readonly seq: number;
  /** Hash of the checkpoint entry itself. */
  readonly hash: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly signature: string;
  readonly keyId: string;
  readonly file: string;
}

export class RecorderWriter {
  private seq: number;
  private prevHash: string;
  private fd: number | undefined;
  private fileName = "";
  private fileEntries = 0;
  private fileBytes = 0;
  private fileOpenedAt = 0;
  private sinceCheckpoint = 0;
  private checkpointFirstSeq: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  /** Bytes a failed write left unwritten (retried first). */
  private carry: Buffer | undefined;
  private persisted: { seq: number; hash: string };
  /** Entries per type since the last flush (metrics are updated once per flush, not per entry). */
  private unreported: Partial<Record<EntryType, number>> = {};
  private lastTsMs = -1;
  private lastTs = "";
  private closed = false;
  private readonly session: string;
  private readonly now: () => number;

  private constructor(private readonly o: RecorderOptions, tail: { nextSeq: number; prevHash: string }) {
    this.session = o.session ?? "proxy";
    this.now = o.now ?? Date.now;
    this.seq = tail.nextSeq;
    this.prevHash = tail.prevHash;
    this.checkpointFirstSeq = tail.nextSeq;
    this.persisted = { seq: tail.nextSeq - 1, hash: tail.prevHash };
  }

  /**
   * Open (creating `dir` 0750) and resume the chain from the newest file. A cut-off entry left by a
   * crash is acknowledged with a `recovery` entry. @throws Error when the directory is not writable
   * or the chain's last entry does not verify.
   */
  static open(options: RecorderOptions): RecorderWriter {
    const session = options.session ?? "proxy";
    if (!/^[A-Za-z0-9_.]+$/.test(session)) throw new Error(`recorder session "${session}" must be letters, digits, _ or .`);
    mkdirSync(options.dir, { recursive: true, mode: 0o750 });
    const probe = join(options.dir, `.probe-${process.pid}`);
    try {
      closeSync(openSync(probe, "w", 0o600));
      unlinkSync(probe);
    } catch (err) {
      throw new Error(`flight recorder directory ${options.dir} is not writable: ${(err as Error).message}`);
    }
    const tail = findTail(options.dir, session);
    const w = new RecorderWriter(options, tail);
    w.prune();
    if (tail.partial) {
      // Only a cut-off first entry: the file name is the one the next file needs; empty it.
      if (tail.partial.onlyPartial) closeSync(openSync(tail.partial.file.path, "w"));
      w.appendJson(
        "recovery",
        JSON.stringify({
          reason: "the previous file ends with a cut-off entry (crash or kill during a write)",
          file: tail.partial.file.name,
          partial_bytes: tail.partial.bytes,
          after_seq: tail.partial.afterSeq ?? null,
          truncated: tail.partial.onlyPartial,
        }),
      );
    }
    return w;
  }

  get lastSeq(): number {
    return this.seq - 1;
  }
  get lastHash(): string {
    return this.prevHash;
  }
  get currentFile(): string {
    return this.fileName;
  }

  /** Append an entry whose detail is any JSON-serialisable value. Returns its seq. */
  append(type: Exclude<EntryType, "checkpoint">, detail: unknown): number {
    return this.appendJson(type, JSON.stringify(detail) ?? "null");
  }

  /** Append with the detail already serialised (valid JSON). Returns its seq. */
  appendJson(type: Exclude<EntryType, "checkpoint">, detailJson: string): number {
    if (this.closed) throw new Error("recorder is closed");
    this.rotateIfDue();
    const seq = this.write(type, detailJson);
    this.sinceCheckpoint += 1;
    if (this.sinceCheckpoint >= (this.o.checkpointInterval ?? 1000)) this.checkpoint("interval");
    if (this.o.writeThrough === true || this.pendingBytes >= FLUSH_THRESHOLD_BYTES) this.flush();
    return seq;
  }

  /** Hand buffered entries to the OS (one write). Never throws; failures go to onError. */
  flush(): void {
    this.report();
    if (this.pending.length === 0 && !this.carry) return;
    if (this.fd === undefined) this.openFile();
    const fresh = this.pending.length > 0 ? Buffer.from(this.pending.join(""), "utf8") : undefined;
    const data = this.carry && fresh ? Buffer.concat([this.carry, fresh]) : (this.carry ?? fresh!);
    this.pending = [];
    this.pendingBytes = 0;
    this.carry = undefined;
    let off = 0;
    try {
      while (off < data.length) off += writeSync(this.fd!, data, off, data.length - off);
      this.o.metrics?.recorderFlushes.inc();
      this.o.metrics?.recorderBytes.inc([], data.length);
      this.persisted = { seq: this.seq - 1, hash: this.prevHash };
      if (this.o.fsync === "always") this.sync();
    } catch (err) {
      this.o.metrics?.recorderWriteErrors.inc();
      this.o.onError?.(`flight recorder write to ${this.fileName} failed: ${(err as Error).message}`);
      const rest = data.subarray(off);
      if (rest.length <= MAX_BUFFERED_BYTES) this.carry = Buffer.from(rest);
      else this.dropUnwritten(off > 0);
    }
  }

  private report(): void {
    const m = this.o.metrics;
    if (!m) return;
    for (const [type, n] of Object.entries(this.unreported)) m.recorderEntries.inc([type], n);
    this.unreported = {};
    m.recorderLastSeq.set([], this.seq - 1);
  }

  /** Write a final checkpoint, flush, fsync and close. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.checkpoint("shutdown");
    this.flush();
    this.closeFile();
    this.closed = true;
  }

  /** Write a checkpoint now when anything was written since the last one. */
  checkpoint(reason: string): void {
    if (this.sinceCheckpoint === 0) return;
    const first = this.checkpointFirstSeq;
    const last = this.seq - 1;
    const key = this.o.signingKey;
    const detail: CheckpointDetail = {
      entry_count: this.sinceCheckpoint,
      first_seq: first,
      last_seq: last,
      signature: key ? signMessage(checkpointMessage(first, last, this.prevHash), key) : "",
      key_id: key ? key.keyId : "",
      reason,
    };
    const seq = this.write("checkpoint", JSON.stringify(detail));
    this.sinceCheckpoint = 0;
    this.checkpointFirstSeq = this.seq;
    this.o.metrics?.recorderCheckpoints.inc([key ? "true" : "false"]);
    this.flush();
    if (this.o.fsync !== "never") this.sync();
    try {
      this.o.onCheckpoint?.({ seq, hash: this.prevHash, firstSeq: first, lastSeq: last, signature: detail.signature, keyId: detail.key_id, file: this.fileName });
    } catch {
      // An anchor consumer never breaks the recorder.
    }
  }

  private write(type: EntryType, detailJson: string): number {
    const seq = this.seq;
    const ms = this.now();
    if (ms !== this.lastTsMs) {
      this.lastTsMs = ms;
      this.lastTs = new Date(ms).toISOString();
    }
    const { line, hash } = encodeEntry(seq, this.lastTs, type, this.prevHash, detailJson);
    this.pending.push(line);
    this.pendingBytes += line.length;
    this.fileEntries += 1;
    this.fileBytes += line.length;
    this.prevHash = hash;
    this.seq = seq + 1;
    if (this.fileEntries === 1) this.fileOpenedAt = ms;
    this.unreported[type] = (this.unreported[type] ?? 0) + 1;
    return seq;
  }

  private rotateIfDue(): void {
    if (this.fileEntries === 0) return;
    const o = this.o;
    const reason =
      this.fileEntries >= (o.maxEntriesPerFile ?? 10_000) ? "entries"
      : this.fileBytes >= (o.maxFileBytes ?? 64 * 1024 * 1024) ? "size"
      : (o.rotateIntervalMs ?? 0) > 0 && this.now() - this.fileOpenedAt >= o.rotateIntervalMs! ? "age"
      : undefined;
    if (reason) this.rotate(reason);
  }

  private rotate(reason: string): void {
    this.checkpoint("rotation");
    this.flush();
    this.closeFile();
    this.fileEntries = 0;
    this.fileBytes = 0;
    this.o.metrics?.recorderRotations.inc([reason]);
    this.prune();
  }

  private openFile(): void {
    const seqOfFirst = this.seq - this.fileEntries;
    this.fileName = fileNameFor(this.session, seqOfFirst);
    this.fd = openSync(join(this.o.dir, this.fileName), "a", 0o600);
  }

  private closeFile(): void {
    if (this.fd === undefined) return;
    if (this.o.fsync !== "never") this.sync();
    try {
      closeSync(this.fd);
    } catch {
      // Already reported by the write path.
    }
    this.fd = undefined;
  }

  private sync(): void {
    if (this.fd === undefined) return;
    const t0 = performance.now();
    try {
      fdatasyncSync(this.fd);
    } catch (err) {
      this.o.metrics?.recorderWriteErrors.inc();
      this.o.onError?.(`flight recorder fsync of ${this.fileName} failed: ${(err as Error).message}`);
    }
    this.o.metrics?.recorderFsyncDuration.observe([], (performance.now() - t0) / 1000);
  }

  /**
   * The disk kept refusing writes: drop what is buffered, continue the chain from the last entry on
   * disk, in a new file, starting with a `recovery` entry that says how many entries were lost.
   */
  private dropUnwritten(partialWritten: boolean): void {
    const lost = this.seq - 1 - this.persisted.seq;
    const file = this.fileName;
    this.closeFile();
    this.seq = this.persisted.seq + 1;
    this.prevHash = this.persisted.hash;
    this.fileEntries = 0;
    this.fileBytes = 0;
    this.sinceCheckpoint = 0;
    this.checkpointFirstSeq = this.seq;
    this.write("recovery", JSON.stringify({ reason: "entries dropped after repeated write failures", file, lost_entries: lost, partial_bytes: partialWritten ? -1 : 0 }));
  }

  /** Delete files older than retention_days (never the newest). */
  private prune(): void {
    const days = this.o.retentionDays ?? 0;
    if (days <= 0) return;
    const files = listEvidenceFiles(this.o.dir).filter((f) => f.session === this.session);
    const cutoff = this.now() - days * DAY_MS;
    for (const f of files.slice(0, -1)) {
      try {
        if (statSync(f.path as PathLike).mtimeMs < cutoff) {
          unlinkSync(f.path);
          this.o.metrics?.recorderFilesPruned.inc();
        }
      } catch {
        // Gone already, or not ours to delete.
      }
    }
  }
}
