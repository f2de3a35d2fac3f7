/**
 * @module Findings for canary tokens (`dlp.canary.<name>`) and leaked environment values
 * (`dlp.env_leak`): always critical and blocking. The message names the canary or the variable; the
 * excerpt gives only the length of what matched, never a character of it.
 */
import { suppressSnippet, type ExemptScope } from "../../findings/exempt.ts";
import type { Finding } from "../../types.ts";
import type { SecretHit } from "./secrets/compile-secrets.ts";

export const ENV_LEAK_RULE_ID = "dlp.env_leak";
export const CANARY_RULE_PREFIX = "dlp.canary.";
const MITRE = ["T1552.001", "T1048"] as const;
const OWASP = ["LLM02:2025"] as const;

/** `dlp.canary.<name>` with the name lower-cased and reduced to `[a-z0-9_]`. */
export function canaryRuleId(name: string): string {
  return `${CANARY_RULE_PREFIX}${name.toLowerCase().replace(/[^a-z0-9_]+/g, "_")}`;
}

/** The rule id a hit reports under. */
export function secretRuleId(hit: SecretHit): string {
  return hit.kind === "env" ? ENV_LEAK_RULE_ID : canaryRuleId(hit.name);
}

/** Join the encoding of the scanned text (`""` at top level) with the form that matched. */
export function chainEncoding(outer: string, inner: string): string {
  if (outer === "") return inner;
  return inner === "plaintext" ? outer : `${outer}+${inner}`;
}

/** Build the finding for one hit found in text encoded as `encoding`. */
export function findingFromSecretHit(hit: SecretHit, ctx: { readonly location: string; readonly encoding: string; readonly scope?: ExemptScope }): Finding {
  const ruleId = secretRuleId(hit);
  const how = ctx.encoding !== "plaintext" ? ` (${ctx.encoding}-encoded)` : "";
  const message = hit.kind === "env" ? `Value of environment variable ${hit.name} detected${how}` : `Canary token "${hit.name}" detected${how}`;
  return {
    scanner: "dlp",
    rule_id: ruleId,
    severity: "critical",
    action: "block",
    message,
    location: ctx.location,
    excerpt: `…[${hit.length} chars]`,
    encoding: ctx.encoding,
    mitre: MITRE,
    owasp: OWASP,
    exempt: suppressSnippet(ruleId, ctx.scope),
  };
}
