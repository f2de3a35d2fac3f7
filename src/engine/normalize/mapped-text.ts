/**
 * @module Text that optionally remembers, for each UTF-16 unit, which span of the original input
 * it came from. Normalization passes are written once against this type: without a map they are
 * plain string operations (the scanning fast path); with a map (the `strip` action) every
 * replacement also records where its output came from, so a match in normalized text can be cut
 * out of the original.
 */

/** A text and, when mapping is on, the original span `[start[i], end[i])` of each unit `text[i]`. */
export interface MappedText {
  readonly text: string;
  readonly start?: Int32Array;
  readonly end?: Int32Array;
}

/** The text without a map (the fast path). */
export function unmapped(text: string): MappedText {
  return { text };
}

/** The text mapped onto itself: unit i comes from `[i, i + 1)`. */
export function identityMapped(text: string): MappedText {
  const start = new Int32Array(text.length);
  const end = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    start[i] = i;
    end[i] = i + 1;
  }
  return { text, start, end };
}

/** Collects output units with their original spans. */
class MapBuilder {
  private parts: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];

  constructor(private readonly source: MappedText) {}

  /** Copy `source.text[from, to)` unchanged, with its spans. */
  copy(from: number, to: number): void {
    if (to <= from) return;
    this.parts.push(this.source.text.slice(from, to));
    for (let i = from; i < to; i++) {
      this.starts.push(this.source.start![i]!);
      this.ends.push(this.source.end![i]!);
    }
  }

  /** Emit `out` as the replacement of `source.text[from, to)`: every output unit maps to the whole span. */
  replace(from: number, to: number, out: string): void {
    if (out.length === 0) return;
    const s = spanOf(this.source, from, to);
    this.parts.push(out);
    for (let i = 0; i < out.length; i++) {
      this.starts.push(s.start);
      this.ends.push(s.end);
    }
  }

  /** Emit `out` mapped to an explicit original span. */
  emit(out: string, start: number, end: number): void {
    this.parts.push(out);
    for (let i = 0; i < out.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  build(): MappedText {
    return { text: this.parts.join(""), start: Int32Array.from(this.starts), end: Int32Array.from(this.ends) };
  }
}

/**
 * The original span covered by `m.text[from, to)`. An empty range maps to the empty span at the
 * boundary (the end of the unit before it, or the start of the unit at it).
 */
export function spanOf(m: MappedText, from: number, to: number): { start: number; end: number } {
  if (m.start === undefined || m.end === undefined) return { start: from, end: to };
  if (to > from) {
    let start = m.start[from]!;
    let end = m.end[to - 1]!;
    // Units inside a replacement share one span; take the widest so nothing is left half-cut.
    for (let i = from; i < to; i++) {
      if (m.start[i]! < start) start = m.start[i]!;
      if (m.end[i]! > end) end = m.end[i]!;
    }
    return { start, end };
  }
  if (from > 0) return { start: m.end[from - 1]!, end: m.end[from - 1]! };
  const at = m.text.length > 0 ? m.start[0]! : 0;
  return { start: at, end: at };
}

/**
 * `text.replace(re, fn)` that keeps the map. `re` must be global; `fn` gets the match and its
 * offset. Each match's replacement maps to the span of the matched units.
 */
export function replaceMapped(m: MappedText, re: RegExp, fn: (match: string, at: number) => string): MappedText {
  if (m.start === undefined) {
    // String.replace passes (match, ...groups, offset, text[, namedGroups]).
    return { text: m.text.replace(re, (...args: unknown[]) => fn(args[0] as string, (typeof args[args.length - 1] === "object" ? args[args.length - 3] : args[args.length - 2]) as number)) };
  }
  const b = new MapBuilder(m);
  let done = 0;
  re.lastIndex = 0;
  for (let hit = re.exec(m.text); hit !== null; hit = re.exec(m.text)) {
    const from = hit.index;
    const to = from + hit[0].length;
    b.copy(done, from);
    b.replace(from, to, fn(hit[0], from));
    done = to;
    if (hit[0].length === 0) re.lastIndex++;
  }
  if (done === 0) return m;
  b.copy(done, m.text.length);
  return b.build();
}

/**
 * A transform that changes units one for one (same length): the map is kept as it is.
 * @throws RangeError when the transform changed the length (a programming error).
 */
export function sameLength(m: MappedText, transformed: string): MappedText {
  if (transformed.length !== m.text.length) throw new RangeError("length-preserving transform changed the length");
  return m.start === undefined ? { text: transformed } : { text: transformed, start: m.start, end: m.end! };
}

/** Append `suffix`, every unit of it mapped to `[start, end)` of the original. */
export function appendMapped(m: MappedText, suffix: string, start: number, end: number): MappedText {
  if (m.start === undefined) return { text: m.text + suffix };
  const b = new MapBuilder(m);
  b.copy(0, m.text.length);
  b.emit(suffix, start, end);
  return b.build();
}

const NON_ASCII_RUN = /[^\u0000-\u007F]+/g;
const STARTS_WITH_MARK = /^\p{M}/u;
/** A character with the combining marks that follow it. */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;

/**
 * NFKC. Without a map: the whole string at once. With a map: each run of non-ASCII units is
 * normalized on its own (with the ASCII letter before it when the run starts with a combining
 * mark that may attach to it), which equals whole-string NFKC because a plain ASCII character
 * never composes with what follows unless that is a mark. Inside a run, each character with its
 * marks keeps its own span whenever normalizing them one by one gives the same result.
 */
export function nfkcMapped(m: MappedText): MappedText {
  if (m.start === undefined) return { text: m.text.normalize("NFKC") };
  const b = new MapBuilder(m);
  let done = 0;
  let changed = false;
  NON_ASCII_RUN.lastIndex = 0;
  for (let hit = NON_ASCII_RUN.exec(m.text); hit !== null; hit = NON_ASCII_RUN.exec(m.text)) {
    const attach = hit.index > done && STARTS_WITH_MARK.test(hit[0]) ? 1 : 0;
    const from = hit.index - attach;
    const to = hit.index + hit[0].length;
    const segment = m.text.slice(from, to);
    const normalized = segment.normalize("NFKC");
    if (normalized === segment) continue;
    changed = true;
    b.copy(done, from);
    const clusters = segment.match(CLUSTER) ?? [segment];
    const parts = clusters.map((c) => c.normalize("NFKC"));
    if (parts.join("") === normalized) {
      let at = from;
      clusters.forEach((c, k) => {
        if (parts[k] === c) b.copy(at, at + c.length);
        else b.replace(at, at + c.length, parts[k]!);
        at += c.length;
      });
    } else {
      b.replace(from, to, normalized);
    }
    done = to;
  }
  if (!changed) return m;
  b.copy(done, m.text.length);
  return b.build();
}
