/**
 * @module Percent-decoding that never throws and stops when stable: `%2541` → `%41` → `A`.
 */

/** Most decode rounds; deeper nesting than this is itself suspicious and stays encoded. */
export const MAX_PERCENT_DECODE_ROUNDS = 16;

const ESCAPE = /%[0-9a-fA-F]{2}/;
const ESCAPES = /(?:%[0-9a-fA-F]{2})+/g;

/** Decode %XX escapes (invalid UTF-8 sequences are kept as they were) until nothing changes. */
export function percentDecodeRepeatedly(text: string): string {
  let current = text;
  for (let round = 0; round < MAX_PERCENT_DECODE_ROUNDS && ESCAPE.test(current); round++) {
    const next = current.replace(ESCAPES, decodeRun);
    if (next === current) break;
    current = next;
  }
  return current;
}

function decodeRun(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    // A run that is not valid UTF-8: decode byte by byte as Latin-1 so ASCII secrets still surface.
    return run.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}
