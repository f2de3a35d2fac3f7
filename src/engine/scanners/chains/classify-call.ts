/**
 * @module classifyCall: which step classes one tool call belongs to. Each step rule is a
 * tool_policy-style classifier (tool_pattern on the name, pattern on the argument values) and is
 * matched the way tool_policy matches: the same argument extraction and the same views (as
 * written, shell-de-obfuscated, invisible characters read as spaces), so `c\at ~/.e''nv` is still
 * a secret read. Tool-name-only step rules classify by name alone. The classes of a call are a pure
 * function of the compiled chains, the tool name and the argument values (with their top-level
 * keys), so small calls' classes are remembered per policy (class-memo.ts): an agent repeating a
 * read or a command is classified once.
 */
import { matchToolRule, prepareCall, type PreparedCall } from "../tool-policy/match-tool-rule.ts";
import type { CompiledRule } from "../../match/compile-rule.ts";
import { classMemoKey, knownClasses, rememberClasses } from "./class-memo.ts";
import type { CallRecord, CompiledChains } from "./types.ts";

/** Tool names are cut to this length in records (a hostile name cannot grow the window). */
export const MAX_RECORDED_TOOL_CHARS = 128;

/**
 * Classify one call. Never throws on odd arguments; `prepared` lets a caller share the argument
 * views it already built for tool_policy.
 */
export function classifyCall(compiled: CompiledChains, toolName: string, args: unknown, at: number, prepared?: PreparedCall): CallRecord {
  const name = typeof toolName === "string" ? toolName : String(toolName);
  const tool = name.length > MAX_RECORDED_TOOL_CHARS ? name.slice(0, MAX_RECORDED_TOOL_CHARS) : name;
  if (!compiled.enabled || compiled.chains.length === 0) return { at, tool, classes: [] };
  const key = classMemoKey(name, args);
  const known = key === undefined ? undefined : knownClasses(compiled, key);
  if (known !== undefined) return { at, tool, classes: known };
  const classes = classesOf(compiled, name, args, prepared);
  return { at, tool, classes: key === undefined ? classes : rememberClasses(compiled, key, classes) };
}

/** The step classes (used by some chain) the call matches, sorted. */
function classesOf(compiled: CompiledChains, name: string, args: unknown, prepared: PreparedCall | undefined): string[] {
  const profile = compiled.forTool(name);
  const classes = new Set<string>(profile.categoryClasses);
  const classOf = new Map<CompiledRule, string>();
  for (const { rule, stepClass } of profile.steps) {
    if (classes.has(stepClass)) continue;
    if (rule.hasPattern) classOf.set(rule, stepClass);
    else classes.add(stepClass);
  }
  if (classOf.size > 0) {
    const call = prepared ?? prepareCall(args);
    const pending = (rule: CompiledRule): boolean => {
      const cls = classOf.get(rule);
      return cls !== undefined && !classes.has(cls) && !rule.hasArgKey;
    };
    if (compiled.stepSet.rules.some(pending)) {
      for (const { views } of call.texts) {
        for (const view of views) {
          for (const m of compiled.stepSet.findMatches(view, { only: pending })) classes.add(classOf.get(m.rule)!);
        }
      }
    }
    for (const [rule, cls] of classOf) {
      if (rule.hasArgKey && !classes.has(cls) && matchToolRule(rule, undefined, call)) classes.add(cls);
    }
  }
  return [...classes].filter((c) => compiled.usedClasses.has(c)).sort();
}
