/**
 * @module Run types for keys, addresses and encoded blobs, and a standalone finder of alphanumeric
 * runs (used on decoded payloads; the main text gets its runs from the single text pass).
 */
import { ALNUM, ASCII_CLASS } from "./char-classes.ts";

export interface AlnumRun {
  readonly start: number;
  readonly end: number;
}

export interface EncodedRun extends AlnumRun {
  /** Every character is a hex digit (no padding). */
  readonly hex: boolean;
}

/** Maximal runs of ASCII letters and digits whose length is within [minChars, maxChars]. */
export function alnumRuns(text: string, minChars: number, maxChars: number): AlnumRun[] {
  const out: AlnumRun[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x20;
    if (code < 0x80 && (ASCII_CLASS[code]! & ALNUM) !== 0) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= minChars && i - start <= maxChars) out.push({ start, end: i });
      start = -1;
    }
  }
  return out;
}
