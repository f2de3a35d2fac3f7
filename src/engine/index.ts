/** @module The scan engine's public surface. Pure: no I/O except the injected resolver. */
export {
  ACTIONS,
  RULE_KINDS,
  SEVERITIES,
  TRIGGERS,
  VALIDATORS,
  type Decision,
  type Finding,
  type Resolver,
  type RuleAction,
  type RuleKind,
  type ScannerName,
  type Severity,
  type Subject,
  type SubjectKind,
  type TriggerName,
  type ValidatorName,
  type Verdict,
} from "./types.ts";
export { FAILURE_REASONS, ScanFailure, type FailureReason } from "./reasons.ts";
export {
  compileRe2,
  compileRule,
  compileRuleSet,
  matchRule,
  shannonEntropy,
  type CompiledRule,
  type Re2,
  type RuleDefinition,
  type RuleMatch,
  type RuleSet,
} from "./match/index.ts";
export { checkRuleExamples, ruleMatchesExample } from "./match/examples.ts";
export { normalizeText, normalizeForRule } from "./normalize/index.ts";
