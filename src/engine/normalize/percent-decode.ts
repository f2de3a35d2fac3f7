/**
 * @module Bounded, never-throwing percent-decoding (URL parts, form bodies, text DLP): `%2541` → `%41` → `A`.
 */

/** Most decode rounds; nesting deeper than this stays encoded (and the CRLF/traversal checks see it). */
export const MAX_DECODE_ROUNDS = 16;

const HAS_ESCAPE = /%[0-9a-fA-F]{2}/;
const ESCAPE_RUNS = /(?:%[0-9a-fA-F]{2})+/g;
const ONE_ESCAPE = /%([0-9a-fA-F]{2})/g;

/** Decode once; a run that is not valid UTF-8 decodes byte by byte (Latin-1) so ASCII still surfaces. */
export function percentDecodeOnce(text: string): string {
  return text.replace(ESCAPE_RUNS, decodeRun);
}

/** Decode until stable or {@link MAX_DECODE_ROUNDS} rounds. */
export function percentDecodeFully(text: string): string {
  if (!text.includes("%")) return text;
  let current = text;
  for (let round = 0; round < MAX_DECODE_ROUNDS && HAS_ESCAPE.test(current); round++) {
    const next = percentDecodeOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

function decodeRun(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    return run.replace(ONE_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}
