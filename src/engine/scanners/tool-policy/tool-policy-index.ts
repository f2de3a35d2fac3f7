/**
 * @module A policy's tool_policy rules indexed for fast calls: which rules apply to a tool name is
 * worked out once per name (each distinct `tool_pattern` program run once, not once per rule) and
 * kept in a bounded least-recently-used map; the rules without `arg_key` share one keyword pass
 * through a combined rule set built on first use. Built lazily with the compiled policy.
 */
import type { CompiledRule } from "../../match/compile-rule.ts";
import { compileRuleSet, type RuleSet } from "../../match/rule-set.ts";
import type { Re2 } from "../../match/re2.ts";
import { normalizeText } from "../../normalize/text.ts";
import { foldLookalikes } from "./shell-text.ts";

/**
 * Tool names whose applicable rules are remembered (the least recently used is forgotten first), and
 * argument keys whose `arg_key` verdict is remembered per program (further keys are tested each time).
 */
export const MAX_CACHED_TOOL_NAMES = 512;
/** Longer names are looked up every time instead of being remembered. */
export const MAX_CACHED_NAME_CHARS = 256;

/** MCP clients namespace tool names (`mcp__server__bash`, `server.bash`, `server/bash`): the last part also counts. */
const NAMESPACE_SEPARATOR = /__|[./:]/;

export interface ToolPolicyIndex {
  /** The tool_policy rules, in policy order. */
  readonly rules: readonly CompiledRule[];
  /** The rules that apply to `toolName` (no tool_pattern, or one accepting the name), in policy order. */
  applicable(toolName: string): readonly CompiledRule[];
  /** One rule set over the applicable-to-anything rules that have a pattern and no `arg_key`. */
  readonly shared: RuleSet;
  /** Does the rule's `arg_key` accept this top-level argument key? (Answers are remembered, bounded.) */
  acceptsKey(rule: CompiledRule, key: string): boolean;
}

/** Index `rules` (rules of other kinds are left out). Nothing is compiled until first use. */
export function compileToolPolicyIndex(rules: readonly CompiledRule[]): ToolPolicyIndex {
  const toolRules = rules.filter((r) => r.kind === "tool_policy");
  const byName = new Map<string, readonly CompiledRule[]>();
  const keyVerdicts = new Map<Re2, Map<string, boolean>>();
  let shared: RuleSet | undefined;
  const lookup = (toolName: string): readonly CompiledRule[] => {
    const names = toolNameCandidates(toolName);
    const verdicts = new Map<Re2, boolean>();
    const accepts = (program: Re2): boolean => {
      let ok = verdicts.get(program);
      if (ok === undefined) {
        ok = names.some((name) => program.test(name));
        verdicts.set(program, ok);
      }
      return ok;
    };
    return toolRules.filter((r) => !r.hasToolPattern || accepts(r.toolProgram!));
  };
  return {
    rules: toolRules,
    applicable(toolName) {
      if (toolName.length > MAX_CACHED_NAME_CHARS) return lookup(toolName);
      const cached = byName.get(toolName);
      if (cached) {
        byName.delete(toolName); // re-insert: Map order is recency order
        byName.set(toolName, cached);
        return cached;
      }
      const found = lookup(toolName);
      if (byName.size >= MAX_CACHED_TOOL_NAMES) byName.delete(byName.keys().next().value!);
      byName.set(toolName, found);
      return found;
    },
    acceptsKey(rule, key) {
      const program = rule.argKeyProgram;
      if (!program) return true;
      let verdicts = keyVerdicts.get(program);
      if (!verdicts) keyVerdicts.set(program, (verdicts = new Map()));
      let ok = verdicts.get(key);
      if (ok === undefined) {
        ok = program.test(key);
        if (key.length <= MAX_CACHED_NAME_CHARS && verdicts.size < MAX_CACHED_TOOL_NAMES) verdicts.set(key, ok);
      }
      return ok;
    },
    get shared() {
      return (shared ??= compileRuleSet(toolRules.filter((r) => r.hasPattern && !r.hasArgKey)));
    },
  };
}

/** The forms of a tool name checked against tool_pattern: normalized whole name, then its last namespace segment. */
export function toolNameCandidates(toolName: string): string[] {
  const name = foldLookalikes(normalizeText(toolName)).trim();
  const parts = name.split(NAMESPACE_SEPARATOR);
  const last = parts[parts.length - 1];
  return parts.length > 1 && last !== undefined && last !== "" ? [name, last] : [name];
}
