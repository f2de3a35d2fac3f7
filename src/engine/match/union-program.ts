/**
 * @module One RE2 program that matches wherever any of several rules' patterns matches (validators
 * and entropy gates aside): a single re2-wasm call answers "can any of these rules match here at
 * all?", where confirming them one by one costs a call (and a copy of the text) per rule. Named
 * groups are made plain (names may repeat across rules); each rule keeps its own case handling.
 * Programs are cached per rule list, a bounded number of them (re2-wasm never frees a program).
 * Answers are a pure function of (rules, text), so short texts' answers are remembered too (a
 * bounded memo): traffic that repeats itself — the same ids, page numbers, counters — asks the same
 * question again and again, and a re2-wasm call costs microseconds even on a short text.
 */
import type { CompiledRule } from "./compile-rule.ts";
import { BoundedMemo } from "../memo/index.ts";
import { compileRe2, type Re2 } from "./re2.ts";

/** Distinct rule lists with a union program; past this, callers are told "can't say". */
export const MAX_UNION_PROGRAMS = 32;
/** Answers remembered per rule list (the memo starts over when full), and the longest text remembered. */
export const MAX_MEMO_TEXTS = 1024;
export const MAX_MEMO_TEXT_CHARS = 1024;

/**
 * `source` with every named group `(?P<name>…)` / `(?<name>…)` turned into a plain non-capturing
 * group. Escapes and character classes are respected, so only real group openings change.
 */
export function withoutGroupNames(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      out += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member, not the end of the class.
      const lead = source[i + 1] === "^" ? 2 : 1;
      out += source.slice(i, i + lead);
      i += lead - 1;
      if (source[i + 1] === "]") {
        out += "]";
        i++;
      }
      continue;
    }
    if (c === "(" && source[i + 1] === "?") {
      const named = /^\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(source.slice(i, i + 64));
      if (named) {
        out += "(?:";
        i += named[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

export interface UnionPrograms {
  /**
   * False when none of `rules` can match anywhere in `text` (by pattern alone); true when one may,
   * or when no union program could be had (the caller then confirms rule by rule).
   */
  mayMatch(text: string, rules: readonly CompiledRule[]): boolean;
}

interface Union {
  readonly program: Re2 | null;
  readonly memo: BoundedMemo<string, boolean>;
}

export function createUnionPrograms(): UnionPrograms {
  const programs = new Map<string, Union>();
  const unionFor = (rules: readonly CompiledRule[]): Union | undefined => {
    const key = rules.map((r) => r.id).join("\u0000");
    const known = programs.get(key);
    if (known !== undefined) return known;
    if (programs.size >= MAX_UNION_PROGRAMS) return undefined;
    let program: Re2 | null = null;
    const sources = rules.map((r) => r.source.pattern);
    if (sources.every((s) => s !== undefined)) {
      const alternatives = rules.map((r, i) => `(?${r.source.case_sensitive === true ? "" : "i"}:${withoutGroupNames(sources[i]!)})`);
      try {
        program = compileRe2(alternatives.join("|"), { caseSensitive: true });
      } catch {
        program = null;
      }
    }
    const union = { program, memo: new BoundedMemo<string, boolean>(MAX_MEMO_TEXTS) };
    programs.set(key, union);
    return union;
  };
  return {
    mayMatch(text, rules) {
      if (rules.length === 0) return false;
      const union = unionFor(rules);
      if (union === undefined || union.program === null) return true;
      const remember = text.length <= MAX_MEMO_TEXT_CHARS;
      const known = remember ? union.memo.get(text) : undefined;
      if (known !== undefined) return known;
      union.program.lastIndex = 0;
      const answer = union.program.test(text);
      if (remember) union.memo.set(text, answer);
      return answer;
    },
  };
}
