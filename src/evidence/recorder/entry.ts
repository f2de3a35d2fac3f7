/**
 * @module The on-disk entry: one JSON object per line,
 *
 *   {"v":1,"seq":N,"ts":"…","type":"…","prev_hash":"<hex|genesis>","detail":{…},"hash":"<hex>"}
 *
 * `hash` is the lowercase hex SHA-256 of the exact UTF-8 bytes of the line *before*
 * `,"hash":` (the "canonical bytes": what was written is what was hashed, so no re-serialisation
 * can disagree with the writer, the reference's weak spot). `prev_hash` is the previous entry's
 * `hash`, or `genesis` for the first entry of a chain. The hash suffix has a fixed length, so a
 * reader splits it off without parsing.
 *
 * SHA-256 runs natively (Bun.CryptoHasher, BoringSSL) when Bun is there and in @noble/hashes
 * otherwise; the output is identical (a unit test compares them). Native is used on the write path
 * because noble costs about 7 µs per KiB, which alone exceeds the 5 µs append budget for a deny
 * record; noble keeps the verifier usable in any JavaScript runtime.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

export const ENTRY_VERSION = 1;
export const GENESIS = "genesis";
/** Longest line a reader accepts (the reference's cap). */
export const MAX_LINE_BYTES = 1024 * 1024;
export const ENTRY_TYPES = ["decision", "ops", "checkpoint", "recovery"] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** `,"hash":"` + 64 hex + `"}`. */
const SUFFIX_CHARS = 9 + 64 + 2;
const SUFFIX = /^,"hash":"([0-9a-f]{64})"\}$/;

export interface Entry {
  readonly v: number;
  readonly seq: number;
  readonly ts: string;
  readonly type: EntryType;
  readonly prev_hash: string;
  readonly detail: unknown;
  readonly hash: string;
}

const encoder = new TextEncoder();
// Scratch buffer for the noble path, so a hash allocates no fresh input array (grown on demand).
let scratch = new Uint8Array(16 * 1024);
const NATIVE = typeof Bun !== "undefined" && typeof Bun.CryptoHasher === "function";

/** SHA-256 hex of a string's UTF-8 bytes with @noble/hashes (the portable reference). */
export function sha256HexNoble(text: string): string {
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(Math.max(text.length * 3, scratch.length * 2));
  const { written } = encoder.encodeInto(text, scratch);
  return bytesToHex(sha256(scratch.subarray(0, written)));
}

/** SHA-256 hex of a string's UTF-8 bytes (native when available, else noble; same output). */
export function sha256Hex(text: string): string {
  return NATIVE ? new Bun.CryptoHasher("sha256").update(text, "utf8").digest("hex") : sha256HexNoble(text);
}

/** Build one line (with its trailing newline) and its hash. `detailJson` must be valid JSON. */
export function encodeEntry(seq: number, ts: string, type: EntryType, prevHash: string, detailJson: string): { line: string; hash: string } {
  const body = `{"v":${ENTRY_VERSION},"seq":${seq},"ts":${JSON.stringify(ts)},"type":"${type}","prev_hash":"${prevHash}","detail":${detailJson}`;
  const hash = sha256Hex(body);
  return { line: `${body},"hash":"${hash}"}\n`, hash };
}

export type ParsedLine = { ok: true; entry: Entry; hashValid: boolean } | { ok: false; reason: string };

/** Parse one line (without its newline) and check its hash against its bytes. */
export function parseLine(line: string): ParsedLine {
  if (line.length < SUFFIX_CHARS + 2) return { ok: false, reason: "line too short to be an entry" };
  const suffix = SUFFIX.exec(line.slice(line.length - SUFFIX_CHARS));
  if (!suffix) return { ok: false, reason: 'line does not end with ,"hash":"<64 hex>"}' };
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return { ok: false, reason: "line is not valid JSON" };
  }
  if (!isEntry(obj)) return { ok: false, reason: "line is not a recorder entry (v, seq, ts, type, prev_hash, detail, hash)" };
  if (obj.v !== ENTRY_VERSION) return { ok: false, reason: `unknown entry version ${obj.v}` };
  const body = line.slice(0, line.length - SUFFIX_CHARS);
  return { ok: true, entry: obj, hashValid: sha256Hex(body) === suffix[1] };
}

function isEntry(o: unknown): o is Entry {
  if (typeof o !== "object" || o === null) return false;
  const e = o as Record<string, unknown>;
  return (
    typeof e.v === "number" &&
    Number.isSafeInteger(e.seq) &&
    (e.seq as number) >= 0 &&
    typeof e.ts === "string" &&
    typeof e.type === "string" &&
    (ENTRY_TYPES as readonly string[]).includes(e.type) &&
    typeof e.prev_hash === "string" &&
    "detail" in e &&
    typeof e.hash === "string"
  );
}

/** The message a checkpoint signs: domain-separated, covering the range and the last covered hash. */
export function checkpointMessage(firstSeq: number, lastSeq: number, coveredHash: string): Uint8Array {
  return encoder.encode(`pipelock-recorder-checkpoint-v1\n${firstSeq}\n${lastSeq}\n${coveredHash}`);
}

export interface CheckpointDetail {
  readonly entry_count: number;
  readonly first_seq: number;
  readonly last_seq: number;
  /** Hex Ed25519 signature of checkpointMessage(first_seq, last_seq, prev_hash); "" when unsigned. */
  readonly signature: string;
  readonly key_id: string;
  readonly reason: string;
}

/** Evidence file name for the chain segment starting at `seq`. */
export function fileNameFor(session: string, seq: number): string {
  return `evidence-${session}-${seq}.jsonl`;
}

/** Parse an evidence file name; undefined for other files. */
export function parseFileName(name: string): { session: string; seq: number } | undefined {
  const m = /^evidence-([A-Za-z0-9_.-]+)-(\d{1,16})\.jsonl$/.exec(name);
  return m ? { session: m[1]!, seq: Number(m[2]) } : undefined;
}
