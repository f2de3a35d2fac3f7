/**
 * @module Prompt-injection scanning of content an agent will read (responses, tool results,
 * frames): normalize once for injection, then run the injection rule set.
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
