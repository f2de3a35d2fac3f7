/**
 * @module The one place that constructs RE2 programs. re2-wasm copies the whole input into WASM
 * memory on every call, so callers only ever hand it small windows (DESIGN.md §3).
 */
import { enlargeNextRe2Heap, restoreWasmConstructors } from "./re2-heap.ts";

type Re2Constructor = typeof import("re2-wasm").RE2;
let RE2: Re2Constructor | undefined;

/**
 * Load re2-wasm on first use. Instantiating its 0.8 MB WASM module costs ~40 ms, which a one-shot
 * `pipelock check` of clean input never needs to pay (no keyword hit, no RE2 call).
 */
function re2Constructor(): Re2Constructor {
  if (RE2 === undefined) {
    enlargeNextRe2Heap();
    try {
      // re2-wasm instantiates its WASM module synchronously while it loads.
      RE2 = (require("re2-wasm") as typeof import("re2-wasm")).RE2;
    } finally {
      restoreWasmConstructors();
    }
  }
  return RE2;
}

export type Re2 = import("re2-wasm").RE2;

/** RE2's terse complaints, explained for rule authors coming from PCRE or JS. */
const EXPLAIN: ReadonlyArray<readonly [RegExp, string]> = [
  [/invalid escape sequence: \\[1-9k]/, "backreferences are not RE2 syntax (no backtracking engine)"],
  [/invalid perl operator: \(\?(<?[=!]|<$)/, "look-around is not RE2 syntax (no backtracking engine)"],
  [/bad repetition operator: (\+\+|\*\+|\?\+)/, "possessive quantifiers are not RE2 syntax"],
];

/**
 * Programs by flags and source. re2-wasm can never free a program, so identical patterns (many
 * rules share one tool_pattern) and reloads of an unchanged policy reuse the same program. Safe to
 * share: every caller resets `lastIndex` before a synchronous match loop.
 */
const programs = new Map<string, Re2>();

/**
 * Compile an RE2 program (or return the identical one compiled before). `global` builds a program whose `exec` walks successive matches.
 * @throws SyntaxError naming what is wrong with the pattern.
 */
export function compileRe2(source: string, options: { caseSensitive?: boolean; global?: boolean } = {}): Re2 {
  const body = options.caseSensitive ? source : `(?i)${source}`;
  const flags = options.global ? "gu" : "u";
  const key = `${flags}\u0000${body}`;
  const cached = programs.get(key);
  if (cached) return cached;
  try {
    const program = new (re2Constructor())(body, flags);
    programs.set(key, program);
    return program;
  } catch (err) {
    const msg = String((err as Error).message ?? err).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
    const why = EXPLAIN.find(([probe]) => probe.test(msg))?.[1];
    throw new SyntaxError(`pattern is not valid RE2: ${msg}${why ? ` (${why})` : ""}`);
  }
}
