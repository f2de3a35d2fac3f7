/**
 * @module Turns one rule definition (already schema-checked) into a CompiledRule: RE2 programs,
 * lower-cased keywords, validator and entropy gates. Runs at policy load, never per request.
 */
import type { Confidence, RuleAction, RuleKind, Severity, TriggerName, ValidatorName } from "../types.ts";
import { VALIDATOR_FUNCTIONS, type Validator } from "../scanners/validators/index.ts";
import { compileRe2, type Re2 } from "./re2.ts";

/** The fields of a pack rule the engine uses (structurally the rule-pack schema's output). */
export interface RuleDefinition {
  readonly id: string;
  readonly kind: RuleKind;
  readonly name?: string;
  readonly description?: string;
  readonly severity: Severity;
  readonly confidence?: Confidence;
  readonly action?: RuleAction;
  readonly pattern?: string;
  readonly case_sensitive?: boolean;
  readonly keywords?: readonly string[];
  readonly trigger?: TriggerName;
  readonly max_length?: number;
  readonly validate?: ValidatorName;
  readonly min_entropy?: number;
  readonly fallback?: boolean;
  readonly tool_pattern?: string;
  readonly arg_key?: string;
  readonly mitre?: readonly string[];
  readonly owasp?: readonly string[];
}

/** Default bound on a match's length; sizes the window confirmed around each keyword hit. */
export const DEFAULT_MAX_MATCH_CHARS = 512;

export interface CompiledRule {
  readonly id: string;
  readonly kind: RuleKind;
  readonly name: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly action: RuleAction;
  readonly keywords: readonly string[];
  readonly trigger: TriggerName | undefined;
  readonly maxLength: number;
  readonly hasPattern: boolean;
  readonly hasToolPattern: boolean;
  readonly hasArgKey: boolean;
  /** Global program used to walk matches inside a window; undefined for rules without a pattern. */
  readonly program: Re2 | undefined;
  readonly toolProgram: Re2 | undefined;
  readonly argKeyProgram: Re2 | undefined;
  readonly validator: Validator | undefined;
  readonly minEntropy: number | undefined;
  /** Reported only when no specific rule matched an overlapping span. */
  readonly fallback: boolean;
  readonly mitre: readonly string[];
  readonly owasp: readonly string[];
  /** Pack the rule came from, for `rules list` and version output. */
  readonly pack: string;
  /** The definition it was compiled from (scanners derive pattern variants from it at load). */
  readonly source: RuleDefinition;
  /** True when its programs compile on first use (patterns proven at build time). */
  readonly lazy: boolean;
}

/** Default action per rule kind when the rule does not name one. */
const DEFAULT_ACTION: Readonly<Record<RuleKind, RuleAction>> = {
  dlp: "block",
  injection: "block",
  url: "block",
  tool_policy: "block",
  tool_description: "block",
  chain: "block",
};

export interface CompileRuleOptions {
  /**
   * Compile the RE2 programs on first use instead of now. Only for patterns already proven valid
   * (the embedded packs are checked when the binary is built); anything from disk or config is
   * compiled eagerly so a bad pattern is a load error.
   */
  readonly lazy?: boolean;
}

/**
 * Compile one rule.
 * @throws SyntaxError when a pattern is not valid RE2 (message says which field).
 */
export function compileRule(def: RuleDefinition, pack: string, options: CompileRuleOptions = {}): CompiledRule {
  const caseSensitive = def.case_sensitive === true;
  const compileField = (field: string, source: string | undefined, global: boolean): (() => Re2 | undefined) => {
    if (source === undefined) return () => undefined;
    const compile = (): Re2 => {
      try {
        return compileRe2(source, { caseSensitive, global });
      } catch (err) {
        throw new SyntaxError(`rule "${def.id}": ${field}: ${(err as Error).message}`);
      }
    };
    if (!options.lazy) {
      const program = compile();
      return () => program;
    }
    let program: Re2 | undefined;
    return () => (program ??= compile());
  };
  if (def.pattern === undefined && def.tool_pattern === undefined) {
    throw new SyntaxError(`rule "${def.id}": needs a pattern or a structured matcher (tool_pattern)`);
  }
  const program = compileField("pattern", def.pattern, true);
  const toolProgram = compileField("tool_pattern", def.tool_pattern, false);
  const argKeyProgram = compileField("arg_key", def.arg_key, false);
  return {
    id: def.id,
    kind: def.kind,
    name: def.name ?? def.id,
    severity: def.severity,
    confidence: def.confidence ?? "high",
    action: def.action ?? DEFAULT_ACTION[def.kind],
    keywords: (def.keywords ?? []).map((k) => k.toLowerCase()),
    trigger: def.trigger,
    maxLength: def.max_length ?? DEFAULT_MAX_MATCH_CHARS,
    hasPattern: def.pattern !== undefined,
    hasToolPattern: def.tool_pattern !== undefined,
    hasArgKey: def.arg_key !== undefined,
    get program() {
      return program();
    },
    get toolProgram() {
      return toolProgram();
    },
    get argKeyProgram() {
      return argKeyProgram();
    },
    validator: def.validate ? VALIDATOR_FUNCTIONS[def.validate] : undefined,
    minEntropy: def.min_entropy,
    fallback: def.fallback === true,
    mitre: def.mitre ?? [],
    owasp: def.owasp ?? [],
    pack,
    source: def,
    lazy: options.lazy === true,
  };
}
