/**
 * @module The fragment buffer as a pure transition: expire, append, trim. A session keeps one
 * session-wide stream (every piece in arrival order, as the reference does) and a few per-field
 * streams (the pieces sent under one query parameter, JSON path, tool argument, ...), so that
 * unrelated traffic interleaved between an attacker's pieces cannot break the reassembly. Each
 * stream keeps only what a later piece could still complete (REASSEMBLY_REACH_CHARS for the session
 * stream, FIELD_STREAM_CHARS for a field); the session's total stays within `maxBufferChars`; an
 * oversized piece keeps its newest suffix.
 */
import { FIELD_STREAM_CHARS, MAX_FIELD_LABEL_CHARS, MAX_FIELD_STREAMS, MAX_FRAGMENTS_PER_STREAM, REASSEMBLY_REACH_CHARS, type FragmentReassemblySettings } from "./settings.ts";
import type { StoredFragment, StoredStream } from "./state.ts";
import { BoundedMemo } from "../../memo/index.ts";

/** The session-wide stream's name. */
export const SESSION_STREAM = "";

/** A piece bound for one stream. */
export interface StreamPiece {
  readonly stream: string;
  readonly text: string;
}

/** What reassembly looks at for one stream this observation. */
export interface StreamRegion {
  readonly stream: string;
  /** Earlier pieces within reach, oldest first (the first may be cut to its newest suffix). */
  readonly prior: readonly string[];
  /** This observation's pieces within reach of the boundary (the last may be cut to its head). */
  readonly added: readonly string[];
}

export interface StreamsAdvance {
  readonly streams: readonly StoredStream[];
  readonly regions: readonly StreamRegion[];
}

/**
 * Field stream names handed out, so the same label gives the very same (flat) string: names are
 * compared on every lookup, and a freshly concatenated name is a rope the engine must flatten and
 * compare character by character each time.
 */
const streamNames = new BoundedMemo<string, string>(1024);

/** Stream name for a field label (bounded; `""` stays the session stream). */
export function fieldStream(field: string): string {
  const known = streamNames.get(field);
  if (known !== undefined) return known;
  const name = `f:${field.slice(0, MAX_FIELD_LABEL_CHARS)}`;
  // Flattened once, here: later comparisons against it are cheap.
  void name.charCodeAt(0);
  return streamNames.set(field, name);
}

/**
 * Characters the session stream and each field stream keep, and how many field streams fit: the
 * session stream takes up to half the buffer (at most the reach), field streams share the rest
 * (each at most FIELD_STREAM_CHARS). With the default 64 KiB buffer a session holds at most
 * (1 + MAX_FIELD_STREAMS) × the reach.
 */
export function streamBounds(settings: FragmentReassemblySettings): { sessionChars: number; fieldChars: number; fieldStreams: number } {
  const total = Math.max(2, Math.floor(settings.maxBufferChars));
  const sessionChars = Math.min(REASSEMBLY_REACH_CHARS, Math.floor(total / 2));
  const fieldChars = Math.min(FIELD_STREAM_CHARS, total - sessionChars);
  const fieldStreams = Math.max(0, Math.min(MAX_FIELD_STREAMS, Math.floor((total - sessionChars) / fieldChars)));
  return { sessionChars, fieldChars, fieldStreams };
}

/** Drop fragments received at or before `cutoff`, and streams left empty (`streams` itself when nothing expired). */
export function expireStreams(streams: readonly StoredStream[], cutoff: number): readonly StoredStream[] {
  let out: StoredStream[] | undefined;
  for (let i = 0; i < streams.length; i++) {
    const stream = streams[i]!;
    const fragments = stream[1];
    // Oldest first: a stream whose first fragment is live is kept as it is.
    if (fragments.length > 0 && fragments[0]![0] > cutoff) {
      out?.push(stream);
      continue;
    }
    out ??= streams.slice(0, i);
    const live = fragments.filter((f) => f[0] > cutoff);
    if (live.length > 0) out.push([stream[0], live]);
  }
  return out ?? streams;
}

/**
 * Append `pieces` (already expired state in `streams`), returning the trimmed streams and, per
 * stream fed, the region reassembly must scan.
 */
export function appendPieces(streams: readonly StoredStream[], pieces: readonly StreamPiece[], settings: FragmentReassemblySettings, now: number): StreamsAdvance {
  const { sessionChars, fieldChars, fieldStreams } = streamBounds(settings);
  const byStream = new StreamLists();
  const storedOf = storedLookup(streams);
  for (const p of pieces) {
    if (p.text.length === 0) continue;
    if (p.stream !== SESSION_STREAM && fieldStreams === 0) continue;
    let list = byStream.get(p.stream);
    // In a field, the same value again (a constant parameter, path or label) is structure, not
    // data: it is neither stored nor joined there. The session stream keeps repeats, so a secret
    // with a repeated chunk (or a fake one, `abcdabcd…`) still joins in it.
    if (p.stream !== SESSION_STREAM) {
      const last = list !== undefined ? list[list.length - 1] : storedOf(p.stream)?.at(-1)?.[1];
      if (p.text === last) continue;
    }
    if (list === undefined) list = byStream.add(p.stream);
    list.push(p.text);
  }
  if (byStream.names.length === 0) return { streams: boundFieldStreams(streams, fieldStreams), regions: [] };
  const regions: StreamRegion[] = [];
  const maxRegions = 1 + fieldStreams;
  const fed: StoredStream[] = [];
  for (let k = 0; k < byStream.names.length; k++) {
    // Streams past the bound would be dropped below anyway; they are neither joined nor kept.
    if (regions.length >= maxRegions) break;
    const name = byStream.names[k]!;
    const texts = byStream.lists[k]!;
    const prior = storedOf(name) ?? [];
    const keep = name === SESSION_STREAM ? sessionChars : fieldChars;
    regions.push({ stream: name, prior: tailWithin(prior, Math.min(keep, REASSEMBLY_REACH_CHARS)), added: headWithin(texts, REASSEMBLY_REACH_CHARS) });
    fed.push([name, appendTrimmed(prior, texts, now, keep)]);
  }
  // Streams fed this time move to the end (most recently fed), in the order they were fed.
  const out: StoredStream[] = [];
  for (const s of streams) if (!isFed(fed, s[0])) out.push(s);
  for (const s of fed) out.push(s);
  return { streams: boundFieldStreams(out, fieldStreams), regions };
}

/** Most streams looked up by a linear scan; more get a map (built once per observation). */
const LINEAR_LOOKUP_STREAMS = 8;

/** This observation's texts per stream, in the order streams were first fed (a map past a few streams). */
class StreamLists {
  readonly names: string[] = [];
  readonly lists: string[][] = [];
  private index: Map<string, number> | undefined;

  get(name: string): string[] | undefined {
    if (this.index !== undefined) {
      const k = this.index.get(name);
      return k === undefined ? undefined : this.lists[k];
    }
    for (let k = 0; k < this.names.length; k++) if (this.names[k] === name) return this.lists[k];
    return undefined;
  }

  add(name: string): string[] {
    const list: string[] = [];
    this.names.push(name);
    this.lists.push(list);
    if (this.index !== undefined) this.index.set(name, this.names.length - 1);
    else if (this.names.length > LINEAR_LOOKUP_STREAMS) this.index = new Map(this.names.map((n, k) => [n, k]));
    return list;
  }
}

/** name → fragments of `streams` (names are unique: the state reader and every transition keep them so). */
function storedLookup(streams: readonly StoredStream[]): (name: string) => readonly StoredFragment[] | undefined {
  if (streams.length <= LINEAR_LOOKUP_STREAMS) {
    return (name) => {
      for (const s of streams) if (s[0] === name) return s[1];
      return undefined;
    };
  }
  let byName: Map<string, readonly StoredFragment[]> | undefined;
  return (name) => (byName ??= new Map(streams)).get(name);
}

function isFed(fed: readonly StoredStream[], name: string): boolean {
  for (const s of fed) if (s[0] === name) return true;
  return false;
}

/** Remove every fragment received at or before `upTo` from the named streams (after a detection). */
export function forgetStreams(streams: readonly StoredStream[], names: readonly string[], upTo: number): StoredStream[] {
  if (names.length === 0) return [...streams];
  const drop = new Set(names);
  const out: StoredStream[] = [];
  for (const [name, fragments] of streams) {
    const left = drop.has(name) ? fragments.filter((f) => f[0] > upTo) : fragments;
    if (left.length > 0) out.push([name, left]);
  }
  return out;
}

/**
 * `prior` with `texts` appended (received `now`), keeping the newest fragments that total at most
 * `maxChars` and MAX_FRAGMENTS_PER_STREAM; the one crossing the limit keeps its newest suffix.
 * Builds the result in one array, reusing the kept fragments of `prior`.
 */
function appendTrimmed(prior: readonly StoredFragment[], texts: readonly string[], now: number, maxChars: number): StoredFragment[] {
  const total = prior.length + texts.length;
  const textAt = (k: number) => (k < prior.length ? prior[k]![1] : texts[k - prior.length]!);
  const oldest = Math.max(0, total - MAX_FRAGMENTS_PER_STREAM);
  let first = total;
  let chars = 0;
  while (first > oldest && chars < maxChars) chars += textAt(--first).length;
  const out: StoredFragment[] = new Array(total - first);
  for (let k = first; k < total; k++) out[k - first] = k < prior.length ? prior[k]! : [now, texts[k - prior.length]!];
  if (chars > maxChars && out.length > 0) {
    const [at, text] = out[0]!;
    out[0] = [at, text.slice(chars - maxChars)];
  }
  return out;
}

/** The newest fragments' texts within `maxChars` (the oldest one kept cut to its suffix), oldest first. */
function tailWithin(fragments: readonly StoredFragment[], maxChars: number): string[] {
  let first = fragments.length;
  let chars = 0;
  while (first > 0 && chars < maxChars) chars += fragments[--first]![1].length;
  const out: string[] = new Array(fragments.length - first);
  for (let i = first; i < fragments.length; i++) out[i - first] = fragments[i]![1];
  if (chars > maxChars) out[0] = out[0]!.slice(chars - maxChars);
  return out;
}

/** The first texts within `maxChars` (the last one kept cut to its head). */
function headWithin(texts: readonly string[], maxChars: number): string[] {
  const out: string[] = [];
  let chars = 0;
  for (const text of texts) {
    if (chars >= maxChars) break;
    const room = maxChars - chars;
    out.push(text.length <= room ? text : text.slice(0, room));
    chars += Math.min(text.length, room);
  }
  return out;
}

/** Keep the session stream and the `max` most recently fed field streams (order is recency). */
function boundFieldStreams(streams: readonly StoredStream[], max: number): StoredStream[] {
  let fields = 0;
  for (const s of streams) if (s[0] !== SESSION_STREAM) fields++;
  if (fields <= max) return streams as StoredStream[];
  const out: StoredStream[] = [];
  for (const s of streams) {
    if (s[0] !== SESSION_STREAM && fields > max) {
      fields--;
      continue;
    }
    out.push(s);
  }
  return out;
}
