/**
 * @module The one place that constructs RE2 programs. re2-wasm copies the whole input into WASM
 * memory on every call, so callers only ever hand it small windows (DESIGN.md §3).
 */
import { RE2 } from "re2-wasm";

export type Re2 = RE2;

/** RE2's terse complaints, explained for rule authors coming from PCRE or JS. */
const EXPLAIN: ReadonlyArray<readonly [RegExp, string]> = [
  [/invalid escape sequence: \\[1-9k]/, "backreferences are not RE2 syntax (no backtracking engine)"],
  [/invalid perl operator: \(\?(<?[=!]|<$)/, "look-around is not RE2 syntax (no backtracking engine)"],
  [/bad repetition operator: (\+\+|\*\+|\?\+)/, "possessive quantifiers are not RE2 syntax"],
];

/**
 * Compile an RE2 program. `global` builds a program whose `exec` walks successive matches.
 * @throws SyntaxError naming what is wrong with the pattern.
 */
export function compileRe2(source: string, options: { caseSensitive?: boolean; global?: boolean } = {}): Re2 {
  const body = options.caseSensitive ? source : `(?i)${source}`;
  try {
    return new RE2(body, options.global ? "gu" : "u");
  } catch (err) {
    const msg = String((err as Error).message ?? err).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
    const why = EXPLAIN.find(([probe]) => probe.test(msg))?.[1];
    throw new SyntaxError(`pattern is not valid RE2: ${msg}${why ? ` (${why})` : ""}`);
  }
}
