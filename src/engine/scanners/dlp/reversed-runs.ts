/**
 * @module Keys written backwards (`echo $KEY | rev`, a model told to spell it in reverse): a run of
 * token characters holding a rule keyword reversed (`AIKA…`, `_phg…`) is read back the right way
 * round, and the text DLP pass matches it again like any decoded form. Prose is skipped by the run
 * finder (its words are short); only runs of MIN_REVERSED_RUN or more token characters are searched,
 * with one automaton of every keyword reversed, and only around its hits. Bounded per text.
 */
import { compileKeywordAutomaton, type KeywordAutomaton } from "../../match/keyword-automaton.ts";
import type { RuleSet } from "../../match/rule-set.ts";
import { perOwner } from "../../memo/index.ts";
import { findRuns, TOKEN_CLASS } from "../../normalize/codecs/index.ts";

/** Shortest run read: the shortest prefixed key (an AWS key id) is 20 characters. */
export const MIN_REVERSED_RUN = 16;
/** Characters kept each side of a reversed keyword (longer than any prefixed key). */
export const REVERSED_REACH_CHARS = 256;
/** Most characters read back per text (a bound on the work whatever the input). */
export const MAX_REVERSED_CHARS = 64 * 1024;

/** A stretch of the text, reversed, and where it started. */
export interface ReversedText {
  readonly text: string;
  readonly start: number;
}

/** The automaton of a rule set's keywords, each written backwards; undefined without keywords. */
const reversedKeywords: (set: RuleSet) => KeywordAutomaton | undefined = perOwner((set: RuleSet) => {
  const words = new Set<string>();
  for (const rule of set.rules) for (const kw of rule.keywords) if (kw.length >= 3) words.add([...kw].reverse().join(""));
  return words.size > 0 ? compileKeywordAutomaton([...words]) : undefined;
});

/** The stretches of `text` around a reversed keyword, each read back the right way round. */
export function reversedStretches(set: RuleSet, text: string): ReversedText[] {
  if (text.length < MIN_REVERSED_RUN) return [];
  const automaton = reversedKeywords(set);
  if (automaton === undefined) return [];
  const out: ReversedText[] = [];
  let budget = MAX_REVERSED_CHARS;
  findRuns(text, TOKEN_CLASS, MIN_REVERSED_RUN, (runStart, runEnd) => {
    if (budget <= 0) return;
    let from = -1;
    let to = -1;
    const flush = () => {
      if (from < 0 || budget <= 0) return;
      const stretch = text.slice(from, Math.min(to, from + budget));
      budget -= stretch.length;
      out.push({ text: [...stretch].reverse().join(""), start: from });
      from = -1;
    };
    automaton.scanRange(text, runStart, runEnd, (start, end) => {
      const lo = Math.max(runStart, start - REVERSED_REACH_CHARS);
      const hi = Math.min(runEnd, end + REVERSED_REACH_CHARS);
      if (from >= 0 && lo <= to) to = Math.max(to, hi);
      else {
        flush();
        from = lo;
        to = hi;
      }
    });
    flush();
  });
  return out;
}
