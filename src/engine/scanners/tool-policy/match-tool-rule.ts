/**
 * @module Does a tool_policy rule match a tool call? The tool name is checked against
 * `tool_pattern`; the rule's `pattern` runs over several views of the argument text (as written,
 * shell-de-obfuscated, invisible characters read as spaces), value by value and joined into one
 * command line, so that quoting tricks or splitting a command across array items do not hide it.
 * A call's views are built once and shared by every rule, `arg_key` rules included.
 */
import type { CompiledRule } from "../../match/compile-rule.ts";
import { matchRule } from "../../match/rule-set.ts";
import { BoundedMemo } from "../../memo/index.ts";
import { HAS_INVISIBLE, INVISIBLE } from "../../normalize/invisible.ts";
import { normalizeText } from "../../normalize/text.ts";
import { argumentEntries, joinedCommandLine, MAX_ARGUMENT_STRINGS, type ArgumentEntry } from "./argument-strings.ts";
import { normalizeShellText } from "./shell-text.ts";
import { compileToolPolicyIndex, toolNameCandidates, type ToolPolicyIndex } from "./tool-policy-index.ts";

export { toolNameCandidates } from "./tool-policy-index.ts";

/** One place a rule matched: which argument (or `arguments` for the joined line) and the matched text. */
export interface ToolRuleMatch {
  readonly location: string;
  readonly text: string;
}

/** A text to match, in every view worth trying (deduplicated, de-obfuscated view first). */
interface PreparedText {
  readonly location: string;
  readonly views: readonly string[];
}

/** Argument texts prepared once per call and shared by all rules. */
export interface PreparedCall {
  readonly args: unknown;
  readonly texts: readonly PreparedText[];
  /** The texts under the top-level keys an `arg_key` rule accepts (cached per rule for this call). */
  textsFor(rule: CompiledRule): readonly PreparedText[];
}

/**
 * Build the views of a call's arguments once. `acceptsKey` answers whether a rule's `arg_key`
 * accepts a top-level key (default: run the rule's program).
 */
export function prepareCall(args: unknown, acceptsKey: (rule: CompiledRule, key: string) => boolean = testArgKey): PreparedCall {
  const entries = argumentEntries(args);
  const views = new Map<string, string[]>();
  const viewsOnce = (value: string): string[] => {
    let v = views.get(value);
    if (!v) {
      v = viewsOf(value);
      views.set(value, v);
    }
    return v;
  };
  const textsOf = (list: readonly ArgumentEntry[]): PreparedText[] => {
    const texts = list.map((e) => ({ location: e.path, views: viewsOnce(e.value) }));
    if (list.length > 1) texts.push({ location: "arguments", views: viewsOnce(joinedCommandLine(list)) });
    return texts;
  };
  const texts = textsOf(entries);
  // The full walk stops at MAX_ARGUMENT_STRINGS; past that, a keyed rule extracts its keys on its own.
  const complete = entries.length < MAX_ARGUMENT_STRINGS;
  const keyed = new Map<CompiledRule, readonly PreparedText[]>();
  return {
    args,
    texts,
    textsFor(rule) {
      if (!rule.hasArgKey) return texts;
      let found = keyed.get(rule);
      if (!found) {
        const accepts = (key: string) => acceptsKey(rule, key);
        found = complete && isRecord(args) ? textsOf(entries.filter((e) => e.key !== undefined && accepts(e.key))) : textsOf(argumentEntries(args, accepts));
        keyed.set(rule, found);
      }
      return found;
    },
  };
}

/** The first match of `rule` on the call, or undefined. `toolName` undefined skips the name check. */
export function matchToolRule(rule: CompiledRule, toolName: string | undefined, call: PreparedCall): ToolRuleMatch | undefined {
  if (rule.hasToolPattern && toolName !== undefined && !toolNameMatches(rule, toolName)) return undefined;
  if (!rule.hasPattern) {
    return rule.hasToolPattern && toolName !== undefined ? { location: "tool", text: toolName } : undefined;
  }
  return matchArguments(rule, call);
}

/** The rule's pattern over the argument texts (only those under `arg_key` when the rule has one). */
function matchArguments(rule: CompiledRule, call: PreparedCall): ToolRuleMatch | undefined {
  for (const { location, views } of call.textsFor(rule)) {
    for (const view of views) {
      const hit = matchRule(rule, view)[0];
      if (hit) return { location, text: hit.text };
    }
  }
  return undefined;
}

/**
 * Every tool_policy rule that applies to the tool and matches, with where it matched, in rule
 * order. `policy` is a compiled index (the policy's, built once) or a plain array of rules; an array
 * seen a second time gets an index of its own, kept with it, so nothing is compiled per call.
 */
export function matchToolRules(policy: ToolPolicyIndex | readonly CompiledRule[], toolName: string, args: unknown): Array<[CompiledRule, ToolRuleMatch]> {
  const index = isIndex(policy) ? policy : indexFor(policy);
  const names = index ? undefined : toolNameCandidates(toolName);
  const applicable = index ? index.applicable(toolName) : (policy as readonly CompiledRule[]).filter((r) => r.kind === "tool_policy" && toolNameMatches(r, toolName, names));
  if (applicable.length === 0) return [];
  const call = index ? prepareCall(args, (rule, key) => index.acceptsKey(rule, key)) : prepareCall(args);
  const found = new Map<CompiledRule, ToolRuleMatch>();
  const sharedRules = index ? applicable.filter((r) => r.hasPattern && !r.hasArgKey) : [];
  const useShared = sharedRules.length > 1;
  if (useShared) {
    const pending = new Set(sharedRules);
    const only = (r: CompiledRule): boolean => pending.has(r);
    for (const { location, views } of call.texts) {
      for (const view of views) {
        if (pending.size === 0) break;
        for (const m of index!.shared.findMatches(view, { only })) {
          if (pending.delete(m.rule)) found.set(m.rule, { location, text: m.text });
        }
      }
    }
  }
  for (const rule of applicable) {
    if (useShared && rule.hasPattern && !rule.hasArgKey) continue;
    const match = rule.hasPattern ? matchArguments(rule, call) : { location: "tool", text: toolName };
    if (match) found.set(rule, match);
  }
  return applicable.flatMap((r) => (found.has(r) ? [[r, found.get(r)!] as [CompiledRule, ToolRuleMatch]] : []));
}

const seenRuleArrays = new WeakSet<readonly CompiledRule[]>();
const arrayIndexes = new WeakMap<readonly CompiledRule[], ToolPolicyIndex>();

/** The index for a rules array seen before, else undefined (built once, kept with the array). */
function indexFor(rules: readonly CompiledRule[]): ToolPolicyIndex | undefined {
  const cached = arrayIndexes.get(rules);
  if (cached) return cached;
  if (!seenRuleArrays.has(rules)) {
    seenRuleArrays.add(rules);
    return undefined;
  }
  const index = compileToolPolicyIndex(rules);
  arrayIndexes.set(rules, index);
  return index;
}

function isIndex(policy: ToolPolicyIndex | readonly CompiledRule[]): policy is ToolPolicyIndex {
  return !Array.isArray(policy);
}

/** True when `rule` applies to the tool and matches its arguments. `toolName` undefined skips the name check. */
export function toolRuleMatches(rule: CompiledRule, toolName: string | undefined, args: unknown): boolean {
  return matchToolRule(rule, toolName, prepareCall(args)) !== undefined;
}

/** Does the rule's tool_pattern accept this tool name (whole, or its last namespace segment)? */
export function toolNameMatches(rule: CompiledRule, toolName: string, candidates: readonly string[] = toolNameCandidates(toolName)): boolean {
  return !rule.hasToolPattern || candidates.some((name) => rule.toolProgram!.test(name));
}

/**
 * Views of short values remembered (a pure function of the value; the memo starts over when full):
 * the engine's tool_call scan and chain classification prepare the same call one after the other,
 * and agents repeat paths and commands, so the second preparation reads them back.
 */
export const MAX_VIEW_MEMO = 512;
export const MAX_VIEW_MEMO_CHARS = 512;
const viewMemo = new BoundedMemo<string, string[]>(MAX_VIEW_MEMO);

function viewsOf(value: string): string[] {
  if (value.length > MAX_VIEW_MEMO_CHARS) return computeViews(value);
  return viewMemo.get(value) ?? viewMemo.set(value, computeViews(value));
}

function computeViews(value: string): string[] {
  const plain = normalizeText(value);
  const views = [normalizeShellText(plain), plain];
  if (HAS_INVISIBLE.test(value)) views.push(normalizeShellText(normalizeText(value.replace(INVISIBLE, " "))));
  return [...new Set(views)];
}

function testArgKey(rule: CompiledRule, key: string): boolean {
  return rule.argKeyProgram!.test(key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
