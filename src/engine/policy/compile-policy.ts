/**
 * @module compilePolicy: settings + compiled rules → one frozen CompiledPolicy. Every rule set,
 * prefilter, CIDR list and domain matcher is built here, once per config load; scans only read it.
 */
import type { CompiledRule } from "../match/compile-rule.ts";
import { compileRuleSet, type RuleSet } from "../match/rule-set.ts";
import { compileUrlPolicy, type CompiledUrlPolicy } from "../scanners/url/index.ts";
import { compileChains, type CompiledChains } from "../scanners/chains/index.ts";
import { compileCryptoScanner, type CryptoScanner } from "../scanners/crypto/index.ts";
import { compileSecretMatchers, type CompiledSecrets } from "../scanners/dlp/index.ts";
import { compileToolPolicyIndex, type ToolPolicyIndex } from "../scanners/tool-policy/index.ts";
import { compileInjectionScanner, type InjectionScanner } from "../scanners/injection/index.ts";
import type { Confidence, RuleAction } from "../types.ts";
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
  /** The six-pass prompt-injection scanner over the injection rules (content, tool results, arguments). */
  readonly injectionScanner: InjectionScanner;
  /** The same six passes over tool_description + injection rules, for MCP tool definitions. */
  readonly toolDescriptionScanner: InjectionScanner;
  /** Rules run over MCP tool descriptions: tool_description rules plus injection rules. */
  readonly toolDescription: RuleSet;
  readonly toolPolicy: readonly CompiledRule[];
  /** The tool_policy rules indexed by tool name (bounded cache) with one shared keyword pass. */
  readonly toolPolicyIndex: ToolPolicyIndex;
  readonly urlRules: RuleSet;
  /** Step classifiers and chain table for tool-call sequences. */
  readonly chains: CompiledChains;
  /** Seed phrases, private keys, address poisoning. */
  readonly crypto: CryptoScanner;
  /** Canary tokens and environment secrets, in every encoding. */
  readonly secrets: CompiledSecrets;
  readonly url: CompiledUrlPolicy;
  readonly packs: readonly PackIdentity[];
}

/**
 * Compile the policy. Rules are taken as given (packs already validated them).
 * @throws TypeError for settings that cannot be compiled (bad CIDR, bad domain pattern).
 */
export function compilePolicy(settings: EngineSettings, rules: readonly CompiledRule[], packs: readonly PackIdentity[] = []): CompiledPolicy {
  const floor = CONFIDENCE_RANK[settings.minConfidence];
  const active = rules
    .filter((r) => CONFIDENCE_RANK[r.confidence] >= floor)
    .filter((r) => !settings.disabledRules.some((pattern) => matchGlob(pattern, r.id)))
    .map((r) => withAction(r, actionFor(r, settings)));
  const ofKind = (kind: CompiledRule["kind"]) => active.filter((r) => r.kind === kind);
  const injectionRules = settings.injection.enabled ? ofKind("injection") : [];
  // Rule sets are built on first use and kept: a one-shot `check --url` never pays for the
  // injection automaton. `pipelock run` touches them all at startup (see warmPolicy).
  const once = <T>(build: () => T): (() => T) => {
    let value: T | undefined;
    return () => (value ??= build());
  };
  const dlp = once(() => compileRuleSet(ofKind("dlp")));
  const injection = once(() => compileRuleSet(injectionRules));
  const toolDescription = once(() => compileRuleSet([...ofKind("tool_description"), ...ofKind("injection")]));
  // Pass-4/5 variants are derived from each rule's source pattern; built-in rules compile lazily.
  const byId = new Map(active.map((r) => [r.id, r.source] as const));
  const variantOptions = { definitionOf: (id: string) => byId.get(id), lazy: (r: CompiledRule) => r.lazy };
  const injectionScanner = once(() => compileInjectionScanner(injectionRules, variantOptions));
  const toolDescriptionScanner = once(() => compileInjectionScanner([...ofKind("tool_description"), ...ofKind("injection")], variantOptions));
  const urlRules = once(() => compileRuleSet(ofKind("url")));
  const crypto = once(() => compileCryptoScanner(settings.crypto));
  const secrets = once(() => compileSecretMatchers({ canaries: settings.canaryTokens, envSecrets: settings.envSecrets }));
  const toolPolicy = ofKind("tool_policy");
  const toolPolicyIndex = once(() => compileToolPolicyIndex(toolPolicy));
  const chains = once(() => compileChains(ofKind("chain"), settings.chains, { disabledRules: settings.disabledRules, actionOverrides: settings.actionOverrides }));
  return Object.freeze({
    settings,
    rules: active,
    get dlp() {
      return dlp();
    },
    get injection() {
      return injection();
    },
    get toolDescription() {
      return toolDescription();
    },
    get injectionScanner() {
      return injectionScanner();
    },
    get toolDescriptionScanner() {
      return toolDescriptionScanner();
    },
    toolPolicy,
    get toolPolicyIndex() {
      return toolPolicyIndex();
    },
    get urlRules() {
      return urlRules();
    },
    get chains() {
      return chains();
    },
    get crypto() {
      return crypto();
    },
    get secrets() {
      return secrets();
    },
    url: compileUrlPolicy(settings.url),
    packs,
  });
}

/**
 * Build every lazily built part now (rule sets and RE2 programs), for long-running servers.
 * `settle` runs between the phases (and after each injection rule set): compiling some 460 programs
 * leaves tens of MB of garbage that the collector does not reach before the next phase adds more, so
 * a server passes a full collection here to keep its startup peak near its steady size (measured,
 * `run` with the built-in packs: peak RSS 150–170 MB without, ~126 MB with; ~100 ms of collections).
 */
export function warmPolicy(policy: CompiledPolicy, settle?: () => void): void {
  void [policy.dlp, policy.injection, policy.toolDescription, policy.urlRules, policy.chains, policy.crypto, policy.secrets, policy.toolPolicyIndex.shared];
  settle?.();
  policy.injectionScanner.warm(settle);
  policy.toolDescriptionScanner.warm(settle);
  for (const rule of policy.rules) void [rule.program, rule.toolProgram, rule.argKeyProgram];
  settle?.();
}

const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

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
