/**
 * @module Built-in triggers: linear JS scans that find candidates for rules no literal keyword can
 * anchor. A trigger must fire wherever its rules can match (it is a prefilter, never a verdict);
 * the rule's pattern then confirms on a window around each candidate.
 * - digit_run: runs of 9+ digits, single space/dash separators allowed (cards, IBANs, SSNs);
 * - url_userinfo: `scheme://user:password@` (each class excludes the delimiter that ends it, so
 *   the match cannot backtrack across alternatives);
 * - encoded_host: a `scheme://` authority holding a label of 8+ characters that are all hex digits
 *   (either case) or all upper-case base32 (`A–Z`, `2–7`), or with 6+ dot-separated labels: the
 *   shapes of data encoded into DNS names. Ordinary hosts (`api.example.com`) do not fire it, so a
 *   URL rule on encoded hosts costs no regex call (and no RE2 start-up) on ordinary URLs;
 * - dotted_token: three base64url segments joined by single dots, the first of 20–32 characters
 *   starting with `M`, `N` or `O` (a base64 decimal id), the second of 4–8, the third of 20 or more:
 *   the shape of a Discord token. JWTs (`eyJ…`, long middle segment) do not fire it.
 */
import type { TriggerName } from "../types.ts";

/** Report each candidate span `[start, end)` in `text`. */
export type TriggerFinder = (text: string, onRun: (start: number, end: number) => void) => void;

/** Longest authority looked at after `://` (DNS names stop at 253; userinfo and port add a little). */
export const MAX_AUTHORITY_CHARS = 1024;
/** Shortest label the encoded_host trigger reads as possibly encoded. */
export const MIN_ENCODED_LABEL = 8;
/** Dots that make a host deep enough to carry data in its labels (6 labels). */
const MANY_LABEL_DOTS = 5;

function regexFinder(pattern: RegExp): TriggerFinder {
  return (text, onRun) => {
    pattern.lastIndex = 0;
    let run: RegExpExecArray | null;
    while ((run = pattern.exec(text)) !== null) onRun(run.index, run.index + run[0].length);
  };
}

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isBase32Upper = (c: number) => (c >= 65 && c <= 90) || (c >= 50 && c <= 55);
/** Characters that end an authority: `/ ? #`, whitespace and controls. */
const endsAuthority = (c: number) => c === 47 || c === 63 || c === 35 || c <= 32;

/** encoded_host: one pass over each authority, no regex. */
const encodedHost: TriggerFinder = (text, onRun) => {
  for (let at = text.indexOf("://"); at >= 0; at = text.indexOf("://", at + 3)) {
    const start = at + 3;
    const limit = Math.min(text.length, start + MAX_AUTHORITY_CHARS);
    let dots = 0;
    let labelLength = 0;
    let allHex = true;
    let allBase32 = true;
    let fires = false;
    let end = start;
    for (; end <= limit; end++) {
      const c = end < limit ? text.charCodeAt(end) : -1;
      const separator = c === 46 || c === 64 || c === 58; // . @ :
      if (c < 0 || separator || endsAuthority(c)) {
        if (labelLength >= MIN_ENCODED_LABEL && (allHex || allBase32)) fires = true;
        if (c === 46 && ++dots >= MANY_LABEL_DOTS) fires = true;
        if (c < 0 || endsAuthority(c)) break;
        labelLength = 0;
        allHex = true;
        allBase32 = true;
        continue;
      }
      labelLength++;
      if (allHex && !isHex(c)) allHex = false;
      if (allBase32 && !isBase32Upper(c)) allBase32 = false;
    }
    if (fires) onRun(at, end);
  }
};

/** Base64url characters: letters, digits, `-` and `_`. */
const isBase64Url = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
/** Characters the first segment of a dotted token may have (a base64 decimal id starts with M, N or O). */
const FIRST_SEGMENT = { min: 20, max: 32 } as const;
const MIDDLE_SEGMENT = { min: 4, max: 8 } as const;
const LAST_SEGMENT_MIN = 20;

/** Length of the base64url run starting at `from`, counting no further than `limit` characters. */
function runAfter(text: string, from: number, limit: number): number {
  let n = 0;
  while (n < limit && from + n < text.length && isBase64Url(text.charCodeAt(from + n))) n++;
  return n;
}

/** dotted_token: looked for at each dot (a regex would pay its start-up on every short text). */
const dottedToken: TriggerFinder = (text, onRun) => {
  for (let dot = text.indexOf("."); dot >= 0; dot = text.indexOf(".", dot + 1)) {
    let start = dot;
    while (start > 0 && dot - start <= FIRST_SEGMENT.max && isBase64Url(text.charCodeAt(start - 1))) start--;
    const first = dot - start;
    if (first < FIRST_SEGMENT.min || first > FIRST_SEGMENT.max) continue;
    const lead = text.charCodeAt(start);
    if (lead !== 77 && lead !== 78 && lead !== 79) continue; // M N O
    const middle = runAfter(text, dot + 1, MIDDLE_SEGMENT.max + 1);
    const second = dot + 1 + middle;
    if (middle < MIDDLE_SEGMENT.min || middle > MIDDLE_SEGMENT.max || text.charCodeAt(second) !== 46) continue;
    if (runAfter(text, second + 1, LAST_SEGMENT_MIN) < LAST_SEGMENT_MIN) continue;
    let end = second + 1 + LAST_SEGMENT_MIN;
    while (end < text.length && isBase64Url(text.charCodeAt(end))) end++;
    onRun(start, end);
    dot = second;
  }
};

export const TRIGGER_FINDERS: Readonly<Record<TriggerName, TriggerFinder>> = {
  digit_run: regexFinder(/\d(?:[ -]?\d){8,}/g),
  url_userinfo: regexFinder(/:\/\/[^\s/@:]{1,256}:[^\s/@]{0,512}@/g),
  encoded_host: encodedHost,
  dotted_token: dottedToken,
};
