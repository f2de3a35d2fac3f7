/**
 * @module The `strip` action without match offsets. A Verdict says *that* a text matched, not where
 * (findings carry only a redacted excerpt, which is unsafe to search for), so the span is located by
 * asking the scanner again: bisect for the shortest prefix that still matches, then for the latest
 * start that still matches inside it, and cut that span out. Repeat for further matches, bounded;
 * a text that is still not clean afterwards cannot be stripped (the caller blocks).
 * Cost: about 2·log2(length) scans per stripped span.
 */
import { MAX_STRIP_ROUNDS } from "./limits.ts";

/** What replaces a stripped span; no injection or DLP rule matches it. */
export const STRIP_MARKER = "[REDACTED by pipelock]";

/** `text` with every span that makes `matches` true replaced by STRIP_MARKER, or undefined. */
export async function stripByBisection(text: string, matches: (t: string) => Promise<boolean>, rounds = MAX_STRIP_ROUNDS): Promise<string | undefined> {
  let current = text;
  for (let round = 0; round < rounds; round++) {
    if (!(await matches(current))) return current;
    const span = await locate(current, matches);
    if (span === undefined) return undefined;
    current = current.slice(0, span[0]) + STRIP_MARKER + current.slice(span[1]);
  }
  return (await matches(current)) ? undefined : current;
}

/** The minimal [start, end) inside a matching `text`, or undefined when no prefix alone matches. */
async function locate(text: string, matches: (t: string) => Promise<boolean>): Promise<[number, number] | undefined> {
  // Shortest prefix text[0, end) that matches.
  let lo = 0;
  let hi = text.length;
  while (hi - lo > 1) {
    const mid = safeCut(text, (lo + hi) >>> 1);
    if (mid <= lo || mid >= hi) break;
    if (await matches(text.slice(0, mid))) hi = mid;
    else lo = mid;
  }
  const end = hi;
  // Latest start text[start, end) that still matches.
  lo = 0;
  hi = end;
  if (!(await matches(text.slice(0, end)))) return undefined;
  while (hi - lo > 1) {
    const mid = safeCut(text, (lo + hi) >>> 1);
    if (mid <= lo || mid >= hi) break;
    if (await matches(text.slice(mid, end))) lo = mid;
    else hi = mid;
  }
  return [lo, end];
}

/** Move a cut off the middle of a surrogate pair (a lone half would become U+FFFD). */
export function safeCut(text: string, at: number): number {
  const c = text.charCodeAt(at);
  return at > 0 && at < text.length && c >= 0xdc00 && c <= 0xdfff ? at + 1 : at;
}
