/**
 * @module A confirmed rule match becomes a Finding that explains itself: which rule, how bad, where,
 * a redacted excerpt, the MITRE technique and the snippet that would exempt it.
 */
import type { RuleMatch } from "../match/rule-set.ts";
import type { Finding, RuleKind, ScannerName } from "../types.ts";
import { suppressSnippet, type ExemptScope } from "./exempt.ts";
import { redactSecret, truncateExcerpt } from "./redact.ts";

const SCANNER_FOR_KIND: Readonly<Record<RuleKind, ScannerName>> = {
  dlp: "dlp",
  injection: "prompt_injection",
  url: "url",
  tool_policy: "tool_policy",
  tool_description: "tool_description",
  chain: "tool_policy",
};

/** Secrets are masked; other kinds show the (truncated) matched phrase. */
function excerptOf(match: RuleMatch): string {
  return match.rule.kind === "dlp" ? redactSecret(match.secret) : truncateExcerpt(match.text);
}

export interface MatchContext {
  readonly location: string;
  readonly encoding?: string;
  readonly scope?: ExemptScope;
}

/** Build the Finding for one match. */
export function findingFromMatch(match: RuleMatch, ctx: MatchContext): Finding {
  const rule = match.rule;
  return {
    scanner: SCANNER_FOR_KIND[rule.kind],
    rule_id: rule.id,
    severity: rule.severity,
    action: rule.action,
    message: `${rule.name} detected${ctx.encoding && ctx.encoding !== "plaintext" ? ` (${ctx.encoding}-encoded)` : ""}`,
    location: ctx.location,
    excerpt: excerptOf(match),
    ...(ctx.encoding ? { encoding: ctx.encoding } : {}),
    mitre: rule.mitre,
    owasp: rule.owasp,
    exempt: suppressSnippet(rule.id, ctx.scope),
  };
}
