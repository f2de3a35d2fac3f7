/**
 * @module compilePolicy: settings + compiled rules → one frozen CompiledPolicy. Every rule set,
 * prefilter, CIDR list and domain matcher is built here, once per config load; scans only read it.
 */
import type { CompiledRule } from "../match/compile-rule.ts";
import { compileRuleSet, type RuleSet } from "../match/rule-set.ts";
import { compileUrlPolicy, type CompiledUrlPolicy } from "../scanners/url/index.ts";
import type { RuleAction } from "../types.ts";
import { matchGlob } from "./glob.ts";
import type { EngineSettings } from "./settings.ts";

/** Identity of a loaded pack, for version output and evidence. */
export interface PackIdentity {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
  readonly origin: string;
  readonly rules: number;
}

export interface CompiledPolicy {
  readonly settings: EngineSettings;
  /** Every active rule (after `disabled` and action overrides). */
  readonly rules: readonly CompiledRule[];
  readonly dlp: RuleSet;
  readonly injection: RuleSet;
  /** Rules run over MCP tool descriptions: tool_description rules plus injection rules. */
  readonly toolDescription: RuleSet;
  readonly toolPolicy: readonly CompiledRule[];
  readonly urlRules: RuleSet;
  readonly url: CompiledUrlPolicy;
  readonly packs: readonly PackIdentity[];
}

/**
 * Compile the policy. Rules are taken as given (packs already validated them).
 * @throws TypeError for settings that cannot be compiled (bad CIDR, bad domain pattern).
 */
export function compilePolicy(settings: EngineSettings, rules: readonly CompiledRule[], packs: readonly PackIdentity[] = []): CompiledPolicy {
  const active = rules
    .filter((r) => !settings.disabledRules.some((pattern) => matchGlob(pattern, r.id)))
    .map((r) => withAction(r, actionFor(r, settings)));
  const ofKind = (kind: CompiledRule["kind"]) => active.filter((r) => r.kind === kind);
  const injectionRules = settings.injection.enabled ? ofKind("injection") : [];
  return Object.freeze({
    settings,
    rules: active,
    dlp: compileRuleSet(ofKind("dlp")),
    injection: compileRuleSet(injectionRules),
    toolDescription: compileRuleSet([...ofKind("tool_description"), ...ofKind("injection")]),
    toolPolicy: ofKind("tool_policy"),
    urlRules: compileRuleSet(ofKind("url")),
    url: compileUrlPolicy(settings.url),
    packs,
  });
}

function actionFor(rule: CompiledRule, settings: EngineSettings): RuleAction {
  const override = settings.actionOverrides[rule.id];
  if (override) return override;
  if (rule.kind === "injection" && settings.injection.action) return settings.injection.action;
  return rule.action;
}

/** A copy with another action. Getters are carried over as getters so lazy programs stay lazy. */
function withAction(rule: CompiledRule, action: RuleAction): CompiledRule {
  if (action === rule.action) return rule;
  return Object.create(rule, { action: { value: action, enumerable: true } }) as CompiledRule;
}
