/**
 * @module The rule sets the injection passes match with, built once at policy compile: the rules
 * as they are (to tell a pass-1 match from a pass-4 one), their optional-separator variants (the
 * main set: passes 1+4, 2, 3 and, through them, 6) and their vowel-folded variants (pass 5). A
 * variant reports its original rule, so findings carry the original's id, action and severity.
 */
import { compileRule, type CompiledRule, type RuleDefinition } from "../../match/compile-rule.ts";
import { compileRuleSet, type RuleMatch, type RuleSet } from "../../match/rule-set.ts";
import { foldVowels } from "../../normalize/vowel-fold.ts";
import { tokenizePattern, type PatternToken } from "./pattern-tokens.ts";
import { optionalSeparatorVariant, vowelFoldedVariant } from "./pattern-variants.ts";
import { compileVocabulary, type Vocabulary } from "./vocabulary.ts";

/** Shortest folded keyword kept for the vowel-folded variants. */
const MIN_FOLDED_KEYWORD = 4;

/** A rule set whose matches are reported under the original rules. */
export interface PassRuleSet {
  readonly size: number;
  /** Matches; `onCandidate` is called whenever the prefilter hands a rule a candidate window. */
  findMatches(text: string, onCandidate?: () => void): RuleMatch[];
  /** Build the prefilter and compile every program now, then call `settle` (see warmPolicy). */
  warm(settle?: () => void): void;
}

export interface InjectionRuleSets {
  readonly rules: readonly CompiledRule[];
  readonly primary: PassRuleSet;
  readonly collapsed: PassRuleSet;
  readonly folded: PassRuleSet;
  /** Longest match any rule allows; sizes the windows rescanned around changed words. */
  readonly maxLength: number;
  /** The rules' words, to find where passes 3–5 need to look (built on first use). */
  readonly vocabulary: Vocabulary;
}

export interface VariantOptions {
  /**
   * The source definition of a rule (pattern, keywords, case sensitivity), which compiled rules
   * do not keep. A rule without one runs with its own pattern everywhere and sits pass 5 out.
   */
  readonly definitionOf?: (id: string) => RuleDefinition | undefined;
  /**
   * Compile variant programs on first use: `true`, or per rule (e.g. `(r) => r.pack is built in`).
   * Only for packs whose variants are known to compile (the built-in packs, checked by the unit
   * suite); otherwise each variant is compiled now, and one that RE2 rejects is left out (its rule
   * still runs as it is in every pass but 5).
   */
  readonly lazy?: boolean | ((rule: CompiledRule) => boolean);
}

/** Build the three rule sets. Never throws for a variant; the originals are compiled already. */
export function compileInjectionRuleSets(rules: readonly CompiledRule[], options: VariantOptions = {}): InjectionRuleSets {
  const withPattern = rules.filter((r) => r.hasPattern);
  const primary: [CompiledRule, CompiledRule][] = [];
  const collapsed: [CompiledRule, CompiledRule][] = [];
  const folded: [CompiledRule, CompiledRule][] = [];
  const patterns: (readonly PatternToken[])[] = [];
  const lazy = (rule: CompiledRule): boolean => (typeof options.lazy === "function" ? options.lazy(rule) : options.lazy === true);
  for (const rule of withPattern) {
    // Multi-word keywords also key the optional-separator variant in their glued form (`youare`).
    const glued = rule.keywords.map((k) => k.replace(/\s+/g, "")).filter((k) => !rule.keywords.includes(k));
    primary.push([rule, rule]);
    const def = options.definitionOf?.(rule.id);
    if (def?.pattern === undefined) {
      // No source: the rule runs as it is in the passes that use the optional-separator set.
      collapsed.push([rule, rule]);
      continue;
    }
    const tokens = tokenizePattern(def.pattern);
    patterns.push(tokens);
    const variant = (pattern: string, keywords: readonly string[]): CompiledRule | undefined => {
      try {
        return compileRule({ ...def, action: rule.action, pattern, keywords }, rule.pack, { lazy: lazy(rule) });
      } catch {
        return undefined;
      }
    };
    const separated = optionalSeparatorVariant(tokens);
    const c = separated === undefined && glued.length === 0 ? rule : variant(separated ?? def.pattern, unique([...rule.keywords, ...glued]));
    collapsed.push([c ?? rule, rule]);
    // Folded keywords shorter than MIN_FOLDED_KEYWORD (`ai` → `aa`) occur everywhere in folded
    // text; a rule left with none sits pass 5 out rather than run on every window.
    const foldedKeywords = unique(rule.keywords.map(foldVowels)).filter((k) => k.length >= MIN_FOLDED_KEYWORD);
    const vowels = foldedKeywords.length > 0 ? vowelFoldedVariant(tokens) : undefined;
    const f = vowels === undefined ? undefined : variant(vowels, foldedKeywords);
    if (f) folded.push([f, rule]);
  }
  let vocabulary: Vocabulary | undefined;
  // The patterns' tokens (tens of thousands of small objects) are only needed to build the vocabulary.
  let tokens: (readonly PatternToken[])[] | undefined = patterns;
  return {
    rules,
    primary: mappedSet(primary),
    collapsed: mappedSet(collapsed),
    folded: mappedSet(folded),
    maxLength: withPattern.reduce((max, r) => Math.max(max, r.maxLength), 0),
    get vocabulary() {
      if (vocabulary === undefined) {
        vocabulary = compileVocabulary(withPattern.flatMap((r) => r.keywords), tokens ?? []);
        tokens = undefined;
      }
      return vocabulary;
    },
  };
}

/** A set of (possibly rewritten) rules whose matches are re-attributed to the original rules. */
function mappedSet(pairs: readonly (readonly [CompiledRule, CompiledRule])[]): PassRuleSet {
  const originalOf = new Map(pairs);
  let set: RuleSet | undefined;
  return {
    size: pairs.length,
    findMatches(text, onCandidate) {
      if (pairs.length === 0) return [];
      set ??= compileRuleSet(pairs.map(([variant]) => variant));
      const only = onCandidate
        ? () => {
            onCandidate();
            return true;
          }
        : undefined;
      const found = set.findMatches(text, only ? { only } : {});
      return found.map((m) => (m.rule === originalOf.get(m.rule) ? m : { ...m, rule: originalOf.get(m.rule) ?? m.rule }));
    },
    warm(settle) {
      if (pairs.length > 0) set ??= compileRuleSet(pairs.map(([variant]) => variant));
      for (const [variant] of pairs) void variant.program;
      settle?.();
    },
  };
}

function unique(words: readonly string[]): string[] {
  return [...new Set(words.filter((w) => w.length > 0))];
}
