/**
 * @module Chain detection types: one classified tool call (CallRecord), a chain definition (an
 * ordered list of step classes), the settings from `tool_chain_detection`, and the compiled form.
 */
import type { CompiledRule } from "../../match/compile-rule.ts";
import type { RuleSet } from "../../match/rule-set.ts";
import type { RuleAction, Severity } from "../../types.ts";

/**
 * One tool call as the chain window remembers it: when, which tool, and which step classes it
 * matched. Arguments are never kept (they may hold secrets, and the window may live in a shared
 * store). Plain JSON, so a StateStore can hold it as is.
 */
export interface CallRecord {
  /** Milliseconds since the epoch, on the caller's clock. */
  readonly at: number;
  /** Tool name as called, cut to MAX_RECORDED_TOOL_CHARS. */
  readonly tool: string;
  /** Step classes the call matched (sorted, unique); empty for an ordinary call, which still counts as a gap. */
  readonly classes: readonly string[];
}

/** A chain: step classes that, called in this order, mean an attack in progress. */
export interface ChainDefinition {
  /** snake_case; the finding's rule id is `chain.<name>`. */
  readonly name: string;
  readonly description: string;
  /** Each step is one class or a list of alternative classes (any of them satisfies the step). */
  readonly steps: readonly (string | readonly string[])[];
  readonly severity: Severity;
  readonly action: RuleAction;
  readonly mitre: readonly string[];
  readonly owasp?: readonly string[];
}

/** A user-defined chain from `tool_chain_detection.custom_patterns`. */
export interface CustomChain {
  readonly name: string;
  /** Step classes in order; `a|b` means either class. */
  readonly sequence: readonly string[];
  readonly severity: Severity;
  readonly action?: RuleAction;
  /** MITRE ATT&CK ids to report (none when not given). */
  readonly mitre?: readonly string[];
}

/** The engine's view of `tool_chain_detection`. */
export interface ChainSettings {
  readonly enabled: boolean;
  /** When set, the action of every chain that has no pattern override. */
  readonly action?: RuleAction;
  /** Calls remembered per session. */
  readonly windowSize: number;
  /** How long a call stays in the window, in milliseconds. */
  readonly windowMs: number;
  /** Most other calls allowed between two consecutive steps of a chain. */
  readonly maxGap: number;
  /** Tool name (or `*` glob) → extra step class for every call of that tool. */
  readonly toolCategories: Readonly<Record<string, string>>;
  /** Chain name → action. */
  readonly patternOverrides: Readonly<Record<string, RuleAction>>;
  readonly customPatterns: readonly CustomChain[];
}

/** A chain ready to match: each step a set of classes. */
export interface CompiledChain {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly steps: readonly (readonly string[])[];
  readonly severity: Severity;
  readonly action: RuleAction;
  readonly mitre: readonly string[];
  readonly owasp: readonly string[];
}

/** A step-classifier rule (`chain.step.<class>[.<variant>]`) and the class it assigns. */
export interface StepRule {
  readonly rule: CompiledRule;
  readonly stepClass: string;
}

/** What a tool name alone decides: which step rules apply, and the classes tool_categories give it. */
export interface ToolProfile {
  readonly steps: readonly StepRule[];
  readonly categoryClasses: readonly string[];
}

export interface CompiledChains {
  readonly enabled: boolean;
  readonly windowSize: number;
  readonly windowMs: number;
  readonly maxGap: number;
  readonly chains: readonly CompiledChain[];
  readonly stepRules: readonly StepRule[];
  /** One keyword prefilter over the step rules that have a pattern and no arg_key. */
  readonly stepSet: RuleSet;
  readonly toolCategories: readonly { readonly glob: string; readonly stepClass: string }[];
  /**
   * The step rules that apply to a tool name and the classes its `tool_categories` give, memoised
   * per name (bounded): matching ~40 tool patterns costs more than classifying the arguments.
   */
  readonly forTool: (toolName: string) => ToolProfile;
  /** Classes some chain uses; a call keeps only these. */
  readonly usedClasses: ReadonlySet<string>;
  /** Configuration problems found while compiling (unknown classes or override names), as sentences. */
  readonly problems: readonly string[];
}
