/**
 * @module The `strip` action for injection: cut each match's span out of the original content and
 * put a neutral marker in its place, then rescan; content that is still not clean after
 * MAX_STRIP_ROUNDS rounds, or whose finding has no span in the original, cannot be stripped.
 */
import type { PassMatch } from "./passes.ts";

/** Rounds of strip-then-rescan before giving up (the caller then blocks). */
export const MAX_STRIP_ROUNDS = 4;
/** What replaces a stripped span. Chosen so that no injection rule matches it. */
export const STRIP_MARKER = "[REDACTED: prompt injection]";

export interface StripResult {
  /** The content with every found injection replaced by {@link STRIP_MARKER}. */
  readonly text: string;
  /** How many spans were replaced. */
  readonly removed: number;
}

/**
 * Strip what `scanMapped` finds. `scanMapped` runs the passes on a mapped copy of the text, so
 * every match carries its span in that text.
 */
export function stripMatches(content: string, scanMapped: (text: string) => readonly PassMatch[]): StripResult | undefined {
  let text = content;
  let removed = 0;
  for (let round = 0; round < MAX_STRIP_ROUNDS; round++) {
    const matches = scanMapped(text);
    if (matches.length === 0) return { text, removed };
    const spans = mergeSpans(matches);
    if (spans === undefined) return undefined;
    let out = "";
    let done = 0;
    for (const [start, end] of spans) {
      out += text.slice(done, start) + STRIP_MARKER;
      done = end;
    }
    text = out + text.slice(done);
    removed += spans.length;
  }
  return scanMapped(text).length === 0 ? { text, removed } : undefined;
}

/** Sorted, merged spans; undefined when some match has no (non-empty) span. */
function mergeSpans(matches: readonly PassMatch[]): [number, number][] | undefined {
  const spans: [number, number][] = [];
  for (const m of matches) {
    if (m.span === undefined || m.span.end <= m.span.start) return undefined;
    spans.push([m.span.start, m.span.end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}
