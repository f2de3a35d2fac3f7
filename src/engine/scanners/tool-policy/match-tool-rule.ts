/**
 * @module Does one tool_policy rule match a tool call? The tool name is checked against
 * `tool_pattern`; the rule's `pattern` runs over the de-obfuscated argument text, both joined and
 * value by value (so splitting a command across array items does not hide it).
 */
import type { CompiledRule } from "../../match/compile-rule.ts";
import { matchRule } from "../../match/rule-set.ts";
import { normalizeText } from "../../normalize/text.ts";
import { argumentStrings } from "./argument-strings.ts";
import { normalizeShellText } from "./shell-text.ts";

/** True when `rule` applies to the tool and matches its arguments. `toolName` undefined skips the name check. */
export function toolRuleMatches(rule: CompiledRule, toolName: string | undefined, args: unknown): boolean {
  if (rule.toolProgram && toolName !== undefined && !rule.toolProgram.test(normalizeText(toolName))) return false;
  if (!rule.program) return rule.toolProgram !== undefined && toolName !== undefined;
  const keyFilter = rule.argKeyProgram ? (key: string) => rule.argKeyProgram!.test(key) : undefined;
  const values = argumentStrings(args, keyFilter).map((s) => normalizeShellText(normalizeText(s)));
  if (values.length === 0) return false;
  const candidates = values.length === 1 ? values : [values.join(" "), ...values];
  return candidates.some((text) => matchRule(rule, text).length > 0);
}
