/**
 * @module A compiled group of rules that scan text together.
 *
 * Matching is two-stage so that time stays linear in the text (DESIGN.md §3, §5):
 * 1. a prefilter in plain JS finds where a rule *could* match: an Aho-Corasick automaton over all
 *    rules' keyword literals (one pass, linear), plus built-in triggers (triggers.ts);
 * 2. RE2 confirms each candidate on a small window around the hit (merged, then cut into chunks of
 *    at most CHUNK_CHARS), never on the whole body — re2-wasm copies its input on every call.
 * Rules with neither keywords nor a trigger run over the whole text, chunked the same way.
 */
import type { TriggerName } from "../types.ts";
import type { CompiledRule } from "./compile-rule.ts";
import { compileKeywordAutomaton } from "./keyword-automaton.ts";
import { shannonEntropy } from "./entropy.ts";
import { TRIGGER_FINDERS } from "./triggers.ts";
import { createUnionPrograms } from "./union-program.ts";

/**
 * Longest slice handed to RE2 in one call (plus the rule's max_length of overlap). re2-wasm copies
 * the whole slice on every exec, so with dense candidates the cost is candidates × slice length:
 * 512 keeps that small while long clean windows still take few calls.
 */
export const CHUNK_CHARS = 512;
/** Confirmed matches kept per rule per text; enough to explain a finding. */
export const MAX_MATCHES_PER_RULE = 32;

export interface RuleMatch {
  readonly rule: CompiledRule;
  /** Offsets in the scanned text (UTF-16 units). */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The `secret` capture group when the pattern has one, else the whole match. */
  readonly secret: string;
}

export interface FindOptions {
  /** Confirm only these rules (also called as a probe: it sees every rule a candidate woke). */
  readonly only?: (rule: CompiledRule) => boolean;
  /** Built-in triggers not looked for at all (their rules are left out by the caller anyway). */
  readonly skipTriggers?: readonly TriggerName[];
}

export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** All confirmed matches, ordered by rule then position. */
  findMatches(text: string, options?: FindOptions): RuleMatch[];
  /**
   * False when none of `rules` can match anywhere in `text`, judged by one RE2 call over their
   * patterns together (validators aside); true when one may (confirm with findMatches).
   */
  mayMatch(text: string, rules: readonly CompiledRule[]): boolean;
}

interface Window {
  start: number;
  end: number;
}

/** Build the prefilter and index for `rules`. Runs at load time. */
export function compileRuleSet(rules: readonly CompiledRule[]): RuleSet {
  const withPattern = rules.filter((r) => r.hasPattern);
  const byKeyword = new Map<string, number[]>();
  const triggered = new Map<TriggerName, number[]>();
  const alwaysRun: number[] = [];
  withPattern.forEach((rule, index) => {
    if (rule.keywords.length > 0) {
      for (const kw of rule.keywords) {
        const list = byKeyword.get(kw) ?? [];
        if (!list.includes(index)) list.push(index);
        byKeyword.set(kw, list);
      }
    } else if (rule.trigger !== undefined) {
      triggered.set(rule.trigger, [...(triggered.get(rule.trigger) ?? []), index]);
    } else {
      alwaysRun.push(index);
    }
  });
  const keywords = [...byKeyword.keys()];
  const automaton = keywords.length > 0 ? compileKeywordAutomaton(keywords) : undefined;
  const rulesForKeyword = keywords.map((kw) => byKeyword.get(kw)!);

  function findMatches(text: string, options: FindOptions = {}): RuleMatch[] {
    let windows: Map<number, Window[]> | undefined;
    const addWindow = (index: number, start: number, end: number): void => {
      const rule = withPattern[index]!;
      if (options.only && !options.only(rule)) return;
      windows ??= new Map();
      const list = windows.get(index);
      const w = { start: Math.max(0, start - rule.maxLength), end: Math.min(text.length, end + rule.maxLength) };
      if (list) list.push(w);
      else windows.set(index, [w]);
    };
    automaton?.scan(text, (start, end, keyword) => {
      for (const index of rulesForKeyword[keyword]!) addWindow(index, start, end);
    });
    for (const [trigger, indices] of triggered) {
      if (options.skipTriggers?.includes(trigger)) continue;
      TRIGGER_FINDERS[trigger](text, (start, end) => {
        for (const index of indices) addWindow(index, start, end);
      });
    }
    for (const index of alwaysRun) {
      const rule = withPattern[index]!;
      if (options.only && !options.only(rule)) continue;
      (windows ??= new Map()).set(index, [{ start: 0, end: text.length }]);
    }
    if (windows === undefined) return [];
    const out: RuleMatch[] = [];
    const indices = [...windows.keys()].sort((a, b) => a - b);
    for (const index of indices) confirm(withPattern[index]!, text, mergeWindows(windows.get(index)!), out);
    return dropShadowedFallbacks(out);
  }

  const unions = createUnionPrograms();
  return { rules, findMatches, mayMatch: (text, subset) => unions.mayMatch(text, subset) };
}

/** Run the rule's RE2 program over each window (chunked), applying validator and entropy gates. */
function confirm(rule: CompiledRule, text: string, windows: readonly Window[], out: RuleMatch[]): void {
  const program = rule.program!;
  const seen = new Set<number>();
  let kept = 0;
  for (const w of windows) {
    for (let chunkStart = w.start; chunkStart < w.end; ) {
      const chunkEnd = Math.min(w.end, chunkStart + CHUNK_CHARS + rule.maxLength);
      const slice = text.slice(chunkStart, chunkEnd);
      program.lastIndex = 0;
      let m;
      while ((m = program.exec(slice)) !== null) {
        const matched = m[0] ?? "";
        if (matched.length === 0) {
          program.lastIndex = m.index + 1;
          if (program.lastIndex > slice.length) break;
          continue;
        }
        const start = chunkStart + m.index;
        if (!seen.has(start)) {
          seen.add(start);
          const secret = m.groups?.["secret"] ?? matched;
          if (passesGates(rule, secret)) {
            out.push({ rule, start, end: start + matched.length, text: matched, secret });
            if (++kept >= MAX_MATCHES_PER_RULE) return;
          }
        }
      }
      if (chunkEnd >= w.end) break;
      chunkStart += CHUNK_CHARS;
    }
  }
}

/** A fallback (catch-all) match that overlaps a specific rule's match adds nothing: drop it. */
function dropShadowedFallbacks(matches: RuleMatch[]): RuleMatch[] {
  if (!matches.some((m) => m.rule.fallback)) return matches;
  const specific = matches.filter((m) => !m.rule.fallback);
  return matches.filter((m) => !m.rule.fallback || !specific.some((s) => s.start < m.end && m.start < s.end));
}

function passesGates(rule: CompiledRule, secret: string): boolean {
  if (rule.validator && !rule.validator(secret)) return false;
  if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return false;
  return true;
}

function mergeWindows(list: Window[]): Window[] {
  list.sort((a, b) => a.start - b.start);
  const merged: Window[] = [];
  for (const w of list) {
    const last = merged[merged.length - 1];
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else merged.push({ ...w });
  }
  return merged;
}


const singleRuleSets = new WeakMap<CompiledRule, RuleSet>();

/**
 * Match a single rule against a text through the same two-stage path. The one-rule set is built
 * on first use and kept with the rule (policies are immutable, so it never goes stale).
 */
export function matchRule(rule: CompiledRule, text: string): RuleMatch[] {
  let set = singleRuleSets.get(rule);
  if (!set) {
    set = compileRuleSet([rule]);
    singleRuleSets.set(rule, set);
  }
  return set.findMatches(text);
}
