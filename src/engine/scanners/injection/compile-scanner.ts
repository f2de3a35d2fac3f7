/**
 * @module The prompt-injection scanner: compiled once per policy from the active injection rules
 * (and their source definitions, for the pattern variants), it scans content through the six
 * passes and can cut what it found out of the content for the `strip` action.
 */
import type { CompiledRule } from "../../match/compile-rule.ts";
import { findingFromMatch } from "../../findings/from-match.ts";
import type { ExemptScope } from "../../findings/exempt.ts";
import { identityMapped, unmapped } from "../../normalize/mapped-text.ts";
import type { Finding } from "../../types.ts";
import { runPasses, type PassMatch } from "./passes.ts";
import { stripMatches, type StripResult } from "./strip.ts";
import { compileInjectionRuleSets, type VariantOptions } from "./variant-sets.ts";

export interface InjectionScanContext {
  /** Where the content sits (`content`, `arguments`, `result.content[0].text`, …). */
  readonly location: string;
  readonly scope?: ExemptScope;
  /**
   * False: quoted examples in text about attacks still count (see quoted-mention.ts). For a
   * yes/no gate over texts joined from several fields, where a quote opened in one field must not
   * hide a match in the next.
   */
  readonly quotedMentions?: boolean;
}

export interface InjectionScanner {
  readonly rules: readonly CompiledRule[];
  /** Findings for one piece of content (empty when every pass is clean). Throws only on engine faults. */
  scan(content: string, ctx: InjectionScanContext): Finding[];
  /**
   * The content with every injection found cut out of the original text (each replaced by a
   * `[REDACTED: <rule name>]` marker), or undefined when it cannot be made clean (the caller
   * then blocks instead).
   */
  strip(content: string): StripResult | undefined;
  /**
   * Build every lazily built part now (rule sets, variant programs), for long-running servers;
   * `settle` runs after each rule set (see warmPolicy).
   */
  warm(settle?: () => void): void;
}

export type InjectionScannerOptions = VariantOptions;

/**
 * Compile the scanner. `rules` are the active injection rules with their effective actions (after
 * `disabled`, `min_confidence` and action overrides); `options.definitionOf` gives each rule's
 * source definition for the pass-4 and pass-5 variants.
 */
export function compileInjectionScanner(rules: readonly CompiledRule[], options: InjectionScannerOptions = {}): InjectionScanner {
  const sets = compileInjectionRuleSets(rules, options);
  return {
    rules,
    scan(content, ctx) {
      if (rules.length === 0 || content.length === 0) return [];
      return runPasses(sets, unmapped(content), 0, ctx.quotedMentions !== false).map((m) => toFinding(m, ctx));
    },
    strip(content) {
      if (rules.length === 0 || content.length === 0) return { text: content, removed: 0 };
      return stripMatches(content, (text) => runPasses(sets, identityMapped(text)));
    },
    warm(settle) {
      for (const set of [sets.primary, sets.collapsed, sets.folded]) set.warm(settle);
      void sets.vocabulary;
    },
  };
}

/** Human label of a pass, appended to the location (`content (leetspeak)`). */
const PASS_LABEL: Readonly<Record<PassMatch["pass"], string>> = {
  primary: "",
  "invisible-as-space": "invisible characters as spaces",
  leetspeak: "leetspeak",
  unglued: "glued word cut loose",
  collapsed: "separators removed",
  "vowel-fold": "vowels folded",
};

function toFinding(m: PassMatch, ctx: InjectionScanContext): Finding {
  const how = [...m.encodings, ...(PASS_LABEL[m.pass] ? [PASS_LABEL[m.pass]] : [])].join(" > ");
  const encoding = m.encodings.length > 0 ? m.encodings.join("+") : undefined;
  return findingFromMatch(m.match, {
    location: how ? `${ctx.location} (${how})` : ctx.location,
    ...(encoding ? { encoding } : {}),
    ...(ctx.scope ? { scope: ctx.scope } : {}),
  });
}
