/**
 * @module Pass 1 alone: normalize once for injection, then run the injection rule set. Kept for
 * callers that hold only a RuleSet; the full six-pass scanner is compileInjectionScanner.
 */
import { findingFromMatch } from "../../findings/from-match.ts";
import type { ExemptScope } from "../../findings/exempt.ts";
import type { RuleSet } from "../../match/rule-set.ts";
import { normalizeForRule } from "../../normalize/for-rule.ts";
import type { Finding } from "../../types.ts";

/** Injection findings for one piece of content. */
export function scanContent(set: RuleSet, content: string, ctx: { location: string; scope?: ExemptScope }): Finding[] {
  if (set.rules.length === 0 || content.length === 0) return [];
  const normalized = normalizeForRule("injection", content);
  return set.findMatches(normalized).map((m) => findingFromMatch(m, { location: ctx.location, scope: ctx.scope }));
}
