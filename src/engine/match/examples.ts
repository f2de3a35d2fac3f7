/**
 * @module A rule's `examples` are its tests: every `match` example must be caught by the rule
 * through the same path live traffic takes (normalization, prefilter, RE2, validators), and no
 * `no_match` example may be.
 */
import type { CompiledRule } from "./compile-rule.ts";
import { matchRule } from "./rule-set.ts";
import { normalizeForRule } from "../normalize/index.ts";
import { toolRuleMatches } from "../scanners/tool-policy/match-tool-rule.ts";

/** True when `rule` matches `example` the way the live scanner would see it. */
export function ruleMatchesExample(rule: CompiledRule, example: string): boolean {
  if (rule.kind === "tool_policy" || rule.kind === "chain") {
    const call = parseToolExample(example);
    return toolRuleMatches(rule, call.toolName, call.arguments);
  }
  return matchRule(rule, normalizeForRule(rule.kind, example)).length > 0;
}

/** The example failures of one rule, as sentences; empty when all examples behave. */
export function checkRuleExamples(rule: CompiledRule, examples: { match: readonly string[]; no_match: readonly string[] }): string[] {
  const problems: string[] = [];
  examples.match.forEach((ex, i) => {
    if (!ruleMatchesExample(rule, ex)) problems.push(`rule "${rule.id}": examples.match[${i}] is not matched: ${preview(ex)}`);
  });
  examples.no_match.forEach((ex, i) => {
    if (ruleMatchesExample(rule, ex)) problems.push(`rule "${rule.id}": examples.no_match[${i}] is matched: ${preview(ex)}`);
  });
  return problems;
}

/**
 * tool_policy examples are either a JSON tool call `{"tool_name": "...", "arguments": {...}}` or
 * plain argument text (then the rule's tool_pattern is not consulted).
 */
function parseToolExample(example: string): { toolName: string | undefined; arguments: unknown } {
  const trimmed = example.trim();
  if (trimmed.startsWith("{")) {
    try {
      const obj = JSON.parse(trimmed) as { tool_name?: unknown; arguments?: unknown };
      if (typeof obj.tool_name === "string") return { toolName: obj.tool_name, arguments: obj.arguments ?? {} };
    } catch {
      // Not JSON: fall through and treat it as argument text.
    }
  }
  return { toolName: undefined, arguments: example };
}

function preview(s: string): string {
  const one = JSON.stringify(s);
  return one.length > 90 ? `${one.slice(0, 87)}...` : one;
}
