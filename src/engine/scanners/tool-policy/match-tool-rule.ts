/**
 * @module Does one tool_policy rule match a tool call? The tool name is checked against
 * `tool_pattern`; the rule's `pattern` runs over several views of the argument text (as written,
 * shell-de-obfuscated, invisible characters read as spaces), value by value and joined into one
 * command line, so that quoting tricks or splitting a command across array items do not hide it.
 */
import type { CompiledRule } from "../../match/compile-rule.ts";
import { compileRuleSet, matchRule, type RuleSet } from "../../match/rule-set.ts";
import { HAS_INVISIBLE, INVISIBLE } from "../../normalize/invisible.ts";
import { normalizeText } from "../../normalize/text.ts";
import { argumentEntries, joinedCommandLine, type ArgumentEntry } from "./argument-strings.ts";
import { foldLookalikes, normalizeShellText } from "./shell-text.ts";

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

/** Argument texts prepared once per call and shared by all rules (arg_key rules prepare their own). */
export interface PreparedCall {
  readonly args: unknown;
  readonly texts: readonly PreparedText[];
}

/** MCP clients namespace tool names (`mcp__server__bash`, `server.bash`, `server/bash`): the last part also counts. */
const NAMESPACE_SEPARATOR = /__|[./:]/;

/** Build the views of a call's arguments once. */
export function prepareCall(args: unknown): PreparedCall {
  return { args, texts: prepareEntries(argumentEntries(args)) };
}

/** The first match of `rule` on the call, or undefined. `toolName` undefined skips the name check. */
export function matchToolRule(rule: CompiledRule, toolName: string | undefined, call: PreparedCall): ToolRuleMatch | undefined {
  if (rule.hasToolPattern && toolName !== undefined && !toolNameMatches(rule, toolName)) return undefined;
  if (!rule.hasPattern) {
    return rule.hasToolPattern && toolName !== undefined ? { location: "tool", text: toolName } : undefined;
  }
  return matchArguments(rule, call);
}

/** The rule's pattern over the argument texts (re-extracted under `arg_key` when the rule has one). */
function matchArguments(rule: CompiledRule, call: PreparedCall): ToolRuleMatch | undefined {
  const texts = rule.hasArgKey ? prepareEntries(argumentEntries(call.args, (key) => rule.argKeyProgram!.test(key))) : call.texts;
  for (const { location, views } of texts) {
    for (const view of views) {
      const hit = matchRule(rule, view)[0];
      if (hit) return { location, text: hit.text };
    }
  }
  return undefined;
}

/**
 * Every tool_policy rule in `rules` that applies to the tool and matches, with where it matched, in
 * rule order. Rules without `arg_key` share one keyword pass per text through a rule set built for
 * this `rules` array the second time the same array is seen (policies hand the same frozen array
 * to every call); a one-off array is matched rule by rule instead, so nothing is compiled per call.
 */
export function matchToolRules(rules: readonly CompiledRule[], toolName: string, args: unknown): Array<[CompiledRule, ToolRuleMatch]> {
  const names = toolNameCandidates(toolName);
  const applicable = rules.filter((r) => r.kind === "tool_policy" && toolNameMatches(r, toolName, names));
  if (applicable.length === 0) return [];
  const call = prepareCall(args);
  const found = new Map<CompiledRule, ToolRuleMatch>();
  const shared = new Set(applicable.filter((r) => r.hasPattern && !r.hasArgKey));
  const set = shared.size > 1 ? sharedRuleSet(rules) : undefined;
  if (set) {
    const pending = (r: CompiledRule): boolean => shared.has(r) && !found.has(r);
    for (const { location, views } of call.texts) {
      for (const view of views) {
        for (const m of set.findMatches(view, { only: pending })) if (!found.has(m.rule)) found.set(m.rule, { location, text: m.text });
      }
    }
  }
  for (const rule of applicable) {
    if (set && shared.has(rule)) continue;
    const match = rule.hasPattern ? matchArguments(rule, call) : { location: "tool", text: toolName };
    if (match) found.set(rule, match);
  }
  return applicable.flatMap((r) => (found.has(r) ? [[r, found.get(r)!] as [CompiledRule, ToolRuleMatch]] : []));
}

const seenRuleArrays = new WeakSet<readonly CompiledRule[]>();
const sharedRuleSets = new WeakMap<readonly CompiledRule[], RuleSet>();

/** The combined rule set for a rules array seen before, else undefined (built once, kept with the array). */
function sharedRuleSet(rules: readonly CompiledRule[]): RuleSet | undefined {
  const cached = sharedRuleSets.get(rules);
  if (cached) return cached;
  if (!seenRuleArrays.has(rules)) {
    seenRuleArrays.add(rules);
    return undefined;
  }
  const set = compileRuleSet(rules.filter((r) => r.kind === "tool_policy" && r.hasPattern && !r.hasArgKey));
  sharedRuleSets.set(rules, set);
  return set;
}

/** True when `rule` applies to the tool and matches its arguments. `toolName` undefined skips the name check. */
export function toolRuleMatches(rule: CompiledRule, toolName: string | undefined, args: unknown): boolean {
  return matchToolRule(rule, toolName, prepareCall(args)) !== undefined;
}

/** Does the rule's tool_pattern accept this tool name (whole, or its last namespace segment)? */
export function toolNameMatches(rule: CompiledRule, toolName: string, candidates: readonly string[] = toolNameCandidates(toolName)): boolean {
  return !rule.hasToolPattern || candidates.some((name) => rule.toolProgram!.test(name));
}

/** The forms of a tool name checked against tool_pattern: normalized whole name, then its last namespace segment. */
export function toolNameCandidates(toolName: string): string[] {
  const name = foldLookalikes(normalizeText(toolName)).trim();
  const parts = name.split(NAMESPACE_SEPARATOR);
  const last = parts[parts.length - 1];
  return parts.length > 1 && last !== undefined && last !== "" ? [name, last] : [name];
}

/** Each value alone (with its path), then the joined command line when there are several. */
function prepareEntries(entries: readonly ArgumentEntry[]): PreparedText[] {
  const texts = entries.map((e) => ({ location: e.path, views: viewsOf(e.value) }));
  if (entries.length > 1) texts.push({ location: "arguments", views: viewsOf(joinedCommandLine(entries)) });
  return texts;
}

function viewsOf(value: string): string[] {
  const plain = normalizeText(value);
  const views = [normalizeShellText(plain), plain];
  if (HAS_INVISIBLE.test(value)) views.push(normalizeShellText(normalizeText(value.replace(INVISIBLE, " "))));
  return [...new Set(views)];
}
