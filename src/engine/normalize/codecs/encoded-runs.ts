/**
 * @module The one "find encoded runs" pass shared by the scanners that look inside encodings (DLP,
 * injection): maximal runs of the base64 / base64url / base32 / hex alphabets with their `=`
 * padding, and sequences of hex bytes written with a delimiter or prefix per byte. Linear: the run
 * finder skips prose (see find-runs.ts) and the delimited-hex reader is a hand-written single pass.
 */
import { decodeDelimitedHexRuns } from "./base-codecs.ts";
import { ALPHABET_CLASS, DELIMITED_HEX_CLASS, findRuns, TOKEN_CLASS } from "./find-runs.ts";

/** Shortest alphabet run worth decoding: 16 base64 characters are 12 bytes. */
export const MIN_ENCODED_RUN = 16;
/** Eight delimited bytes: `41:4b:49:41:49:4f:53:46` is 23 characters. */
export const MIN_DELIMITED_HEX_RUN = 23;
/** Padding characters taken after a run by default (base32 pads up to 6). */
export const MAX_PADDING = 6;

const HEX_DELIMITER = /[:, \\xX-]/;

export interface EncodedRunOptions {
  /** Shortest run reported (default {@link MIN_ENCODED_RUN}). */
  readonly minLength?: number;
  /** Most `=` taken after a run (default {@link MAX_PADDING}). */
  readonly maxPadding?: number;
  /** Asked before each run: true ends the pass. */
  readonly stop?: () => boolean;
}

/**
 * Call `onRun(start, end)` for every maximal run of encoding-alphabet characters (`A–Z a–z 0–9 + / _ -`)
 * at least `minLength` long, `end` extended over up to `maxPadding` `=` signs, in order.
 */
export function findEncodedRuns(text: string, onRun: (start: number, end: number) => void, options: EncodedRunOptions = {}): void {
  const minLength = options.minLength ?? MIN_ENCODED_RUN;
  const maxPadding = options.maxPadding ?? MAX_PADDING;
  const stop = options.stop;
  if (text.length < minLength) return;
  // Runs lie inside tokens of machine text; prose is crossed by the token scan, which skips fastest.
  findRuns(text, TOKEN_CLASS, minLength, (tokenStart, tokenEnd) => {
    if (stop?.()) return;
    findRuns(
      text,
      ALPHABET_CLASS,
      minLength,
      (start, end) => {
        if (stop?.()) return;
        let padded = end;
        while (padded < tokenEnd && padded - end < maxPadding && text.charCodeAt(padded) === 61) padded++;
        onRun(start, padded);
      },
      tokenStart,
      tokenEnd,
    );
  });
}

/**
 * Call `onBytes` with the decoded bytes (and the span) of every sequence of 8+ hex bytes written with a
 * delimiter or prefix per byte (`41:4b`, `41 4b`, `41-4b`, `41, 4b`, `\x41\x4b`, `0x41 0x4b`); plain hex is left to
 * {@link findEncodedRuns}.
 */
export function findDelimitedHex(text: string, onBytes: (bytes: Uint8Array, start: number, end: number) => void, stop?: () => boolean): void {
  if (text.length < MIN_DELIMITED_HEX_RUN) return;
  findRuns(text, DELIMITED_HEX_CLASS, MIN_DELIMITED_HEX_RUN, (start, end) => {
    if (stop?.() || !HEX_DELIMITER.test(text.slice(start, end))) return;
    decodeDelimitedHexRuns(text, start, end, (bytes, from, to) => {
      if (!stop?.()) onBytes(bytes, from, to);
    });
  });
}
