/**
 * @module One decoding layer of a text: every run of encoding-alphabet characters (inside the text's
 * machine-text tokens), every delimited-hex run, the whole text when it is nothing but a wrapped
 * encoded block, and its percent-decoding.
 */
import { percentDecodeFully } from "../../../normalize/percent-decode.ts";
import { decodeDelimitedHexRuns } from "./codecs.ts";
import { textsFromBytes } from "./bytes-to-text.ts";
import { decodeRun, MIN_ENCODED_RUN } from "./decode-run.ts";
import { ALPHABET_CLASS, DELIMITED_HEX_CLASS, findRuns, TOKEN_CLASS } from "./find-runs.ts";

/** Eight delimited bytes: `41:4b:49:41:49:4f:53:46` is 23 characters. */
const MIN_DELIMITED_HEX_RUN = 23;
/** A text that is only an encoded block wrapped over lines or spaced out. */
const WRAPPED_BLOCK = /^[A-Za-z0-9+/=_\-\s]+$/;
const WHITESPACE = /\s+/g;
const HAS_WHITESPACE = /\s/;
const HAS_PERCENT_ESCAPE = /%[0-9a-fA-F]{2}/;
const HEX_DELIMITER = /[:, \\xX-]/;
/** Padding characters looked at after a run (base32 pads up to 6). */
const MAX_PADDING = 6;

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
}

function decodeRuns(text: string, emit: Emit, stop: () => boolean, memo: DecodeMemo | undefined): void {
  findRuns(text, TOKEN_CLASS, MIN_ENCODED_RUN, (tokenStart, tokenEnd) => {
    if (stop()) return;
    findRuns(
      text,
      ALPHABET_CLASS,
      MIN_ENCODED_RUN,
      (start, end) => {
        let padded = end;
        while (padded < tokenEnd && padded - end < MAX_PADDING && text.charCodeAt(padded) === 61) padded++;
        if (stop()) return;
        const run = text.slice(start, padded);
        if (memo) {
          if (memo.runs.has(run)) return;
          if (memo.runs.size < MAX_MEMO_RUNS) memo.runs.add(run);
        }
        decodeRun(run, emit);
      },
      tokenStart,
      tokenEnd,
    );
  });
  findRuns(text, DELIMITED_HEX_CLASS, MIN_DELIMITED_HEX_RUN, (start, end) => {
    if (!HEX_DELIMITER.test(text.slice(start, end))) return; // plain hex: the alphabet runs cover it
    decodeDelimitedHexRuns(text, start, end, (bytes) => {
      if (!stop()) for (const t of textsFromBytes(bytes)) emit(t, "hex");
    });
  });
  if (HAS_WHITESPACE.test(text) && WRAPPED_BLOCK.test(text) && !stop()) decodeRun(text.replace(WHITESPACE, ""), emit);
}
