/**
 * @module Text DLP: normalize once, run the DLP rule set, and also look inside percent-encoding
 * (a secret pasted into a query string or form body arrives %-encoded).
 */
import { findingFromMatch } from "../../findings/from-match.ts";
import type { ExemptScope } from "../../findings/exempt.ts";
import type { RuleSet } from "../../match/rule-set.ts";
import { normalizeText } from "../../normalize/text.ts";
import type { Finding } from "../../types.ts";
import { percentDecodeFully } from "../../normalize/percent-decode.ts";

export interface TextDlpContext {
  readonly location: string;
  readonly scope?: ExemptScope;
}

/** DLP findings for one text. */
export function scanTextDlp(set: RuleSet, text: string, ctx: TextDlpContext): Finding[] {
  if (set.rules.length === 0 || text.length === 0) return [];
  const normalized = normalizeText(text);
  const findings = set.findMatches(normalized).map((m) => findingFromMatch(m, { location: ctx.location, encoding: "plaintext", scope: ctx.scope }));
  if (normalized.includes("%")) {
    const decoded = percentDecodeFully(normalized);
    if (decoded !== normalized) {
      const seen = new Set(findings.map((f) => f.rule_id));
      for (const m of set.findMatches(normalizeText(decoded))) {
        if (!seen.has(m.rule.id)) findings.push(findingFromMatch(m, { location: ctx.location, encoding: "url", scope: ctx.scope }));
      }
    }
  }
  return findings;
}
