/**
 * @module compileChains: step-classifier rules + the chain table + `tool_chain_detection` settings →
 * CompiledChains. Runs once per policy load. Step rules are the `kind: chain` rules whose id is
 * `chain.step.<class>[.<variant>]`; several rules may share a class.
 */
import type { CompiledRule } from "../../match/compile-rule.ts";
import { compileRuleSet } from "../../match/rule-set.ts";
import { BoundedMemo } from "../../memo/index.ts";
import type { RuleAction } from "../../types.ts";
import { BUILTIN_CHAINS } from "./builtin-chains.ts";
import { toolNameCandidates, toolNameMatches } from "../tool-policy/match-tool-rule.ts";
import { matchGlob } from "../../policy/glob.ts";
import type { ChainDefinition, ChainSettings, CompiledChain, CompiledChains, StepRule, ToolProfile } from "./types.ts";

/** Prefix of step-classifier rule ids. */
export const STEP_RULE_PREFIX = "chain.step.";
/** Prefix of chain finding rule ids. */
export const CHAIN_RULE_PREFIX = "chain.";
/** Hard bounds, whatever the config says. */
export const MAX_WINDOW_SIZE = 1000;
export const MAX_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_GAP = 100;
export const MAX_CHAIN_STEPS = 8;
export const MAX_CUSTOM_CHAINS = 100;
/** Tool names whose profile is remembered; the memo starts over when full. */
export const MAX_TOOL_PROFILES = 1024;

/** Reference defaults (`tool_chain_detection`): 20 calls, 60 s, gap 3. */
export const DEFAULT_CHAIN_SETTINGS: ChainSettings = {
  enabled: true,
  windowSize: 20,
  windowMs: 60_000,
  maxGap: 3,
  toolCategories: {},
  patternOverrides: {},
  customPatterns: [],
};

/** Rule-level settings that also apply to chains (`rules.disabled`, `rules.actions`). */
export interface ChainRuleOverrides {
  readonly disabledRules?: readonly string[];
  readonly actionOverrides?: Readonly<Record<string, RuleAction>>;
}

const CLASS_NAME = /^[a-z0-9_]{2,64}$/;

/** The class a step rule assigns, or undefined when `rule` is not a step rule. */
export function stepClassOf(rule: CompiledRule): string | undefined {
  if (rule.kind !== "chain" || !rule.id.startsWith(STEP_RULE_PREFIX)) return undefined;
  const cls = rule.id.slice(STEP_RULE_PREFIX.length).split(".")[0] ?? "";
  return CLASS_NAME.test(cls) ? cls : undefined;
}

/** Compile chain detection. Never throws: unusable config entries are skipped and listed in `problems`. */
export function compileChains(
  rules: readonly CompiledRule[],
  settings: ChainSettings = DEFAULT_CHAIN_SETTINGS,
  overrides: ChainRuleOverrides = {},
  definitions: readonly ChainDefinition[] = BUILTIN_CHAINS,
): CompiledChains {
  const problems: string[] = [];
  const stepRules: StepRule[] = rules.flatMap((rule) => {
    const stepClass = stepClassOf(rule);
    return stepClass ? [{ rule, stepClass }] : [];
  });
  const toolCategories = Object.entries(settings.toolCategories).flatMap(([glob, cls]) => {
    if (CLASS_NAME.test(cls)) return [{ glob, stepClass: cls }];
    problems.push(`tool_chain_detection.tool_categories["${glob}"]: "${cls}" is not a class name (lower-case letters, digits, _)`);
    return [];
  });
  const known = new Set([...stepRules.map((s) => s.stepClass), ...toolCategories.map((t) => t.stepClass)]);
  const disabled = overrides.disabledRules ?? [];
  const overrideFor = normalizeOverrides(settings.patternOverrides);
  const chains: CompiledChain[] = [];
  const names = new Set<string>();
  const add = (def: ChainDefinition, custom: boolean): void => {
    const id = CHAIN_RULE_PREFIX + def.name;
    if (names.has(def.name)) {
      problems.push(`tool_chain_detection: chain "${def.name}" is defined twice; the first definition is used`);
      return;
    }
    names.add(def.name);
    if (disabled.some((pattern) => matchGlob(pattern, id))) return;
    const steps = def.steps.slice(0, MAX_CHAIN_STEPS).map((s) => (typeof s === "string" ? s.split("|") : [...s]).map((c) => c.trim()).filter((c) => c.length > 0));
    const unknown = steps.flat().filter((c) => !known.has(c));
    if (custom && unknown.length > 0) {
      problems.push(`tool_chain_detection.custom_patterns "${def.name}": unknown step class ${unknown.map((c) => `"${c}"`).join(", ")}`);
    }
    if (steps.length < 2 || steps.some((s) => s.length === 0)) {
      if (custom) problems.push(`tool_chain_detection.custom_patterns "${def.name}": needs at least 2 steps`);
      return;
    }
    const action = overrideFor.get(def.name) ?? overrides.actionOverrides?.[id] ?? settings.action ?? def.action;
    chains.push({ id, name: def.name, description: def.description, steps, severity: def.severity, action, mitre: def.mitre, owasp: def.owasp ?? [] });
  };
  for (const def of definitions) add(def, false);
  for (const custom of settings.customPatterns.slice(0, MAX_CUSTOM_CHAINS)) {
    add({ name: custom.name, description: `custom chain ${custom.sequence.join(" → ")}`, steps: custom.sequence, severity: custom.severity, action: custom.action ?? "block", mitre: custom.mitre ?? [] }, true);
  }
  for (const written of Object.keys(settings.patternOverrides)) {
    if (!names.has(overrideName(written))) problems.push(`tool_chain_detection.pattern_overrides: no chain named "${written}"`);
  }
  const usedClasses = new Set(chains.flatMap((c) => c.steps.flat()));
  const activeSteps = stepRules.filter((s) => usedClasses.has(s.stepClass));
  const activeCategories = toolCategories.filter((t) => usedClasses.has(t.stepClass));
  return Object.freeze({
    enabled: settings.enabled,
    windowSize: clampInt(settings.windowSize, 1, MAX_WINDOW_SIZE),
    windowMs: clampInt(settings.windowMs, 1, MAX_WINDOW_MS),
    maxGap: clampInt(settings.maxGap, 0, MAX_GAP),
    chains,
    stepRules: activeSteps,
    stepSet: compileRuleSet(activeSteps.map((s) => s.rule).filter((r) => r.hasPattern && !r.hasArgKey)),
    toolCategories: activeCategories,
    forTool: memoisedProfiles(activeSteps, activeCategories),
    usedClasses,
    problems,
  });
}

/** name → ToolProfile, computed once per distinct tool name (bounded memo). */
function memoisedProfiles(steps: readonly StepRule[], categories: readonly { glob: string; stepClass: string }[]): (toolName: string) => ToolProfile {
  const memo = new BoundedMemo<string, ToolProfile>(MAX_TOOL_PROFILES);
  return (toolName) => {
    const hit = memo.get(toolName);
    if (hit) return hit;
    const candidates = toolNameCandidates(toolName);
    const profile: ToolProfile = {
      steps: steps.filter((s) => toolNameMatches(s.rule, toolName, candidates)),
      categoryClasses: categories.filter((c) => matchGlob(c.glob, toolName) || candidates.some((n) => matchGlob(c.glob, n))).map((c) => c.stepClass),
    };
    return memo.set(toolName, profile);
  };
}

/** Override keys are matched with `-` read as `_` (reference-style kebab names work) and an optional `chain.` prefix. */
function normalizeOverrides(overrides: Readonly<Record<string, RuleAction>>): Map<string, RuleAction> {
  return new Map(Object.entries(overrides).map(([name, action]) => [overrideName(name), action]));
}

function overrideName(written: string): string {
  return written.trim().toLowerCase().replace(/^chain\./, "").replace(/-/g, "_");
}

function clampInt(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : min;
}
