/**
 * @module scanToolCall: the tool_policy rules against one tool call, one Finding per matching rule,
 * each naming where it matched and the per-tool `suppress` entry that would exempt it.
 */
import type { CompiledRule } from "../../match/compile-rule.ts";
import { suppressSnippet } from "../../findings/exempt.ts";
import { truncateExcerpt } from "../../findings/redact.ts";
import type { Finding } from "../../types.ts";
import { matchToolRules, type ToolRuleMatch } from "./match-tool-rule.ts";
import type { ToolPolicyIndex } from "./tool-policy-index.ts";

export { normalizeShellText, foldLookalikes } from "./shell-text.ts";
export { argumentEntries, argumentStrings, joinedCommandLine, type ArgumentEntry } from "./argument-strings.ts";
export { matchToolRule, matchToolRules, prepareCall, toolNameCandidates, toolNameMatches, toolRuleMatches, type PreparedCall, type ToolRuleMatch } from "./match-tool-rule.ts";
export { compileToolPolicyIndex, MAX_CACHED_TOOL_NAMES, type ToolPolicyIndex } from "./tool-policy-index.ts";

/**
 * Check a tool call against tool_policy rules (other kinds are ignored): the policy's compiled index,
 * or a plain array of rules. Never throws on odd arguments.
 */
export function scanToolCall(toolName: string, args: unknown, rules: ToolPolicyIndex | readonly CompiledRule[]): Finding[] {
  const name = typeof toolName === "string" ? toolName : String(toolName);
  return matchToolRules(rules, name, args).map(([rule, match]) => findingFor(rule, name, match));
}

function findingFor(rule: CompiledRule, toolName: string, match: ToolRuleMatch): Finding {
  const where = match.location === "tool" ? `tool "${toolName}"` : `${match.location} of tool "${toolName}"`;
  return {
    scanner: "tool_policy",
    rule_id: rule.id,
    severity: rule.severity,
    action: rule.action,
    message: `${rule.name} in ${where}`,
    location: match.location,
    excerpt: truncateExcerpt(match.text),
    mitre: rule.mitre,
    owasp: rule.owasp,
    exempt: suppressSnippet(rule.id, { tool: toolName }),
  };
}
