/**
 * @module The per-session state cross-request detection keeps between requests, as plain JSON so any
 * StateStore can hold it, and a defensive reader: whatever a store hands back (absent, corrupted,
 * written by another version, oversized), the reader returns a well-formed state within the bounds.
 */
import { MAX_FIELD_STREAMS, MAX_FRAGMENTS_PER_STREAM, MAX_BUFFER_CHARS_LIMIT } from "./settings.ts";

/** One outbound piece: [received at (ms since epoch), text]. */
export type StoredFragment = readonly [number, string];
/** A stream: [name, fragments oldest first]. The name `""` is the session-wide stream. */
export type StoredStream = readonly [string, readonly StoredFragment[]];
/** Entropy spent in one time bucket: [bucket start (ms), bits]. */
export type SpentBucket = readonly [number, number];
/** A counted token's fingerprint and when it was counted. */
export type SeenToken = readonly [string, number];

export type CrossRequestState = {
  /** Streams, least recently fed first. */
  readonly streams: readonly StoredStream[];
  /** Entropy budget buckets, oldest first. */
  readonly spent: readonly SpentBucket[];
  /** Tokens already counted this window (a repeated identifier is paid for once). */
  readonly seen: readonly SeenToken[];
};

export const EMPTY_CROSS_REQUEST_STATE: CrossRequestState = Object.freeze({ streams: [], spent: [], seen: [] });

/** Most budget buckets and seen tokens a state holds. */
export const MAX_SPENT_BUCKETS = 64;
export const MAX_SEEN_TOKENS = 512;

/**
 * States this process built (by advancing a well-formed one, see `wellFormed`) are instances of a
 * class only this module can make: a store that hands back the very object it was given (the
 * memory store) needs no defensive copy of it. Anything else (a copy, a deserialised value, another
 * object) goes through the reader. A class check costs far less than a WeakSet entry per state.
 */
class BuiltState implements CrossRequestState {
  constructor(
    readonly streams: readonly StoredStream[],
    readonly spent: readonly SpentBucket[],
    readonly seen: readonly SeenToken[],
  ) {}
}

/** A state built from well-formed parts by this module's transitions. */
export function wellFormed(streams: readonly StoredStream[], spent: readonly SpentBucket[], seen: readonly SeenToken[]): CrossRequestState {
  return new BuiltState(streams, spent, seen);
}

/** A well-formed state from whatever the store returned; anything unreadable counts as no history. */
export function readCrossRequestState(value: unknown): CrossRequestState {
  if (value instanceof BuiltState) return value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return EMPTY_CROSS_REQUEST_STATE;
  const v = value as { streams?: unknown; spent?: unknown; seen?: unknown };
  return {
    streams: uniqueNames(listOf(v.streams, 1 + MAX_FIELD_STREAMS, readStream)),
    spent: listOf(v.spent, MAX_SPENT_BUCKETS, (b) => (isPair(b) && isTime(b[0]) && isCount(b[1]) ? ([b[0], b[1]] as const) : undefined)),
    seen: listOf(v.seen, MAX_SEEN_TOKENS, (s) => (isPair(s) && typeof s[0] === "string" && s[0].length <= 32 && isTime(s[1]) ? ([s[0], s[1]] as const) : undefined)),
  };
}

function readStream(s: unknown): StoredStream | undefined {
  if (!isPair(s) || typeof s[0] !== "string" || !Array.isArray(s[1])) return undefined;
  let chars = 0;
  const fragments = listOf(s[1], MAX_FRAGMENTS_PER_STREAM, (f) => {
    if (!isPair(f) || !isTime(f[0]) || typeof f[1] !== "string") return undefined;
    chars += f[1].length;
    return chars <= MAX_BUFFER_CHARS_LIMIT ? ([f[0], f[1]] as const) : undefined;
  });
  return [s[0], fragments];
}

/** One stream per name: a name seen twice keeps its first place and its last fragments. */
function uniqueNames(streams: StoredStream[]): StoredStream[] {
  const byName = new Map<string, StoredStream>();
  for (const s of streams) byName.set(s[0], byName.has(s[0]) ? [s[0], s[1]] : s);
  return byName.size === streams.length ? streams : [...byName.values()];
}

/** The last `max` readable items of `list` (newest are last). */
function listOf<T>(list: unknown, max: number, read: (item: unknown) => T | undefined): T[] {
  if (!Array.isArray(list)) return [];
  const out: T[] = [];
  for (const item of list.slice(-max)) {
    const r = read(item);
    if (r !== undefined) out.push(r);
  }
  return out;
}

const isPair = (x: unknown): x is readonly [unknown, unknown] => Array.isArray(x) && x.length === 2;
const isTime = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const isCount = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x >= 0;
