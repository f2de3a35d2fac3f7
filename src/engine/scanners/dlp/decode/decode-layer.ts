/**
 * @module One decoding layer of a text: every run of encoding-alphabet characters and every
 * delimited-hex run (found by the shared pass in normalize/codecs), the whole text when it is nothing
 * but a wrapped encoded block, its percent-decoding, its string escapes and character references
 * (`\u0041`, `&#65;`) decoded, and its quoted-printable reading (`=41=4B…`).
 */
import { findDelimitedHex, findEncodedRuns, MIN_ENCODED_RUN, textsFromBytes } from "../../../normalize/codecs/index.ts";
import { decodeCharEscapes, decodeQuotedPrintable, mayHoldEscapes } from "../../../normalize/char-escapes.ts";
import { percentDecodeFully } from "../../../normalize/percent-decode.ts";
import { decodeRun } from "./decode-run.ts";

/** A text that is only an encoded block wrapped over lines or spaced out. */
const WRAPPED_BLOCK = /^[A-Za-z0-9+/=_\-\s]+$/;
const WHITESPACE = /\s+/g;
const HAS_WHITESPACE = /\s/;
const HAS_PERCENT_ESCAPE = /%[0-9a-fA-F]{2}/;

export type Emit = (text: string, encoding: string) => void;

/** What the texts of one subject have produced so far: decoded texts, and encoded runs decoded. */
export interface DecodeMemo {
  readonly decoded: Set<string>;
  readonly runs: Set<string>;
}

/** Most runs remembered in a memo (a bound on its memory, not on the work). */
const MAX_MEMO_RUNS = 1024;

/**
 * Decode one layer of `text`; `emit` receives each decoded text. `stop()` ends the work early. With
 * a `memo`, a run decoded before (in this or another text) is skipped: its texts were emitted then.
 */
export function decodeLayer(text: string, emit: Emit, stop: () => boolean, memo?: DecodeMemo): void {
  if (text.length >= MIN_ENCODED_RUN) decodeRuns(text, emit, stop, memo);
  if (text.includes("%") && HAS_PERCENT_ESCAPE.test(text) && !stop()) {
    const decoded = percentDecodeFully(text);
    if (decoded !== text) emit(decoded, "url");
  }
  if (!stop() && mayHoldEscapes(text)) {
    const unescaped = decodeCharEscapes(text);
    if (unescaped !== undefined) emit(unescaped, "escape");
    const qp = decodeQuotedPrintable(text);
    if (qp !== undefined && !stop()) emit(qp, "quoted-printable");
  }
}

function decodeRuns(text: string, emit: Emit, stop: () => boolean, memo: DecodeMemo | undefined): void {
  findEncodedRuns(
    text,
    (start, end) => {
      const run = text.slice(start, end);
      if (memo) {
        if (memo.runs.has(run)) return;
        if (memo.runs.size < MAX_MEMO_RUNS) memo.runs.add(run);
      }
      decodeRun(run, emit);
    },
    { stop },
  );
  findDelimitedHex(
    text,
    (bytes) => {
      for (const t of textsFromBytes(bytes)) emit(t, "hex");
    },
    stop,
  );
  if (HAS_WHITESPACE.test(text) && WRAPPED_BLOCK.test(text) && !stop()) decodeRun(text.replace(WHITESPACE, ""), emit);
}
