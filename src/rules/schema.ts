/**
 * @module The valibot schema of a rule pack (DESIGN.md §3). Strict objects everywhere: an unknown
 * key is a load error, never a silently ignored field.
 */
import * as v from "valibot";
import { ACTIONS, CONFIDENCES, RULE_KINDS, SEVERITIES, TRIGGERS, VALIDATORS } from "../engine/index.ts";

const ID = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9_.-]{1,99}$/, "must be lower-case letters, digits, '.', '_' or '-' (2-100 chars)"),
);
const NonEmpty = v.pipe(v.string(), v.minLength(1, "must not be empty"));
const Examples = v.strictObject({
  match: v.pipe(v.array(v.string()), v.minLength(1, "needs at least one match example")),
  no_match: v.pipe(v.array(v.string()), v.minLength(1, "needs at least one no_match example")),
});

export const RuleSchema = v.strictObject({
  id: ID,
  kind: v.picklist(RULE_KINDS),
  name: v.optional(NonEmpty),
  description: v.optional(v.string()),
  severity: v.picklist(SEVERITIES),
  /** Default high. Rules below `rules.min_confidence` (default low: everything runs) are skipped. */
  confidence: v.optional(v.picklist(CONFIDENCES)),
  action: v.optional(v.picklist(ACTIONS)),
  /** RE2 syntax. Case-insensitive unless `case_sensitive: true`. */
  pattern: v.optional(NonEmpty),
  case_sensitive: v.optional(v.boolean()),
  /** Literals (case-insensitive) that must appear near a match; they drive the prefilter. */
  keywords: v.optional(v.array(v.pipe(v.string(), v.minLength(2, "keywords need at least 2 characters")))),
  trigger: v.optional(v.picklist(TRIGGERS)),
  /** Upper bound, in characters, of a match; sizes the confirmation window (default 512). */
  max_length: v.optional(v.pipe(v.number(), v.integer(), v.minValue(4), v.maxValue(8192))),
  validate: v.optional(v.picklist(VALIDATORS)),
  /** Minimum Shannon entropy (bits/char) of the secret part (capture group `secret` or the match). */
  min_entropy: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(8))),
  /** A catch-all rule (generic assignments, bearer headers): dropped when a specific rule matched the same span. */
  fallback: v.optional(v.boolean()),
  /** tool_policy: RE2 pattern on the tool name; the rule applies only to matching tools. */
  tool_pattern: v.optional(NonEmpty),
  /** tool_policy: RE2 pattern on argument keys; only values under matching keys are checked. */
  arg_key: v.optional(NonEmpty),
  mitre: v.optional(v.array(v.pipe(v.string(), v.regex(/^(T\d{4}(\.\d{3})?|AML\.T\d{4}(\.\d{3})?)$/, "must be a MITRE ATT&CK or ATLAS technique id")))),
  owasp: v.optional(v.array(NonEmpty)),
  examples: Examples,
});
export type RuleSpec = v.InferOutput<typeof RuleSchema>;

export const PackSchema = v.strictObject({
  name: ID,
  version: v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, "must be a semantic version like 1.0.0")),
  description: v.optional(v.string()),
  /** Engine versions this pack works with, e.g. `>=0.1.0`. */
  requires: v.optional(v.string()),
  rules: v.pipe(v.array(RuleSchema), v.minLength(1, "a pack needs at least one rule")),
});
export type PackSpec = v.InferOutput<typeof PackSchema>;
