/** @module The scan engine's public surface. Pure: no I/O except the injected resolver. */
export {
  ACTIONS,
  CONFIDENCES,
  RULE_KINDS,
  SEVERITIES,
  TRIGGERS,
  VALIDATORS,
  type Confidence,
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
  CHUNK_CHARS,
  MAX_MATCHES_PER_RULE,
  shannonEntropy,
  type CompiledRule,
  type Re2,
  type RuleDefinition,
  type RuleMatch,
  type RuleSet,
} from "./match/index.ts";
export { checkRuleExamples, ruleMatchesExample } from "./match/examples.ts";
export { normalizeText, normalizeForRule } from "./normalize/index.ts";
export { scan, failClosed, MAX_SUBJECT_CHARS } from "./scan.ts";
export { BoundedMemo, perOwner } from "./memo/index.ts";
export { SCAN_DEADLINE_MS, type ScanOptions } from "./scan-options.ts";
export { compilePolicy, warmPolicy, type CompiledPolicy, type PackIdentity } from "./policy/compile-policy.ts";
export { decide, MAX_FINDINGS_PER_VERDICT } from "./policy/decide.ts";
export { matchGlob } from "./policy/glob.ts";
export type { EngineSettings, SuppressEntry } from "./policy/settings.ts";
export { redactSecret, suppressSnippet } from "./findings/index.ts";
export type { UrlPolicyConfig } from "./scanners/url/index.ts";
export {
  compileChains,
  classifyCall,
  matchChains,
  scanCallSequence,
  callsFromJsonRpc,
  BUILTIN_CHAINS,
  DEFAULT_CHAIN_SETTINGS,
  type CallRecord,
  type ChainSettings,
  type CompiledChains,
  type SequenceCall,
} from "./scanners/chains/index.ts";
export { stateKey, STATE_NAMESPACES, type StateStore, type StateValue, type Versioned } from "./state/index.ts";
export { compileSecretMatchers, selectEnvSecrets, type CompiledSecrets } from "./scanners/dlp/index.ts";
