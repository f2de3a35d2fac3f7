/** @module Rule compilation and two-stage matching (keyword prefilter, then RE2 on windows). */
export { compileRe2, type Re2 } from "./re2.ts";
export { compileRule, DEFAULT_MAX_MATCH_CHARS, type CompiledRule, type RuleDefinition } from "./compile-rule.ts";
export { compileRuleSet, matchRule, CHUNK_CHARS, MAX_MATCHES_PER_RULE, type RuleMatch, type RuleSet } from "./rule-set.ts";
export { shannonEntropy } from "./entropy.ts";
