/**
 * @module The `canary_tokens` config section (reference §2.8): decoy credentials planted where an agent
 * could find them; any appearance of one in outgoing traffic, in any encoding, is a critical finding
 * `dlp.canary.<name>`. Off by default. Names are unique ignoring case (and as rule ids), values unique.
 */
import * as v from "valibot";

/** Shortest canary value the reference accepts. */
export const MIN_CANARY_VALUE_CHARS = 8;

const CanaryToken = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, "canary token name must not be empty")),
  value: v.pipe(v.string(), v.minLength(MIN_CANARY_VALUE_CHARS, `canary token value must be at least ${MIN_CANARY_VALUE_CHARS} characters`)),
  /** Environment variable the canary is planted in for the agent (informational here). */
  env_var: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "env_var must be an environment variable name"))),
});

/** Rule-id form of a name (must match dlp/secret-findings.ts canaryRuleId). */
const idForm = (name: string) => name.toLowerCase().replace(/[^a-z0-9_]+/g, "_");

const allDistinct = (values: readonly string[]) => new Set(values).size === values.length;

export const CanaryTokensSection = v.pipe(
  v.strictObject({
    enabled: v.optional(v.boolean(), false),
    tokens: v.optional(v.array(CanaryToken), []),
  }),
  v.check((s) => allDistinct(s.tokens.map((t) => idForm(t.name))), "canary token names must be unique (ignoring case and punctuation)"),
  v.check((s) => allDistinct(s.tokens.map((t) => t.value)), "canary token values must be unique"),
);

export type CanaryTokensConfig = v.InferOutput<typeof CanaryTokensSection>;

/** The section's value when the config leaves it out. */
export const CANARY_TOKENS_DEFAULT: CanaryTokensConfig = { enabled: false, tokens: [] };

/** One canary as the engine takes it. */
export interface CanaryTokenSetting {
  readonly name: string;
  readonly value: string;
  readonly envVar?: string;
}

/** Engine settings for the section: the canaries to watch for (none when disabled). */
export function canaryTokensToSettings(section: CanaryTokensConfig): CanaryTokenSetting[] {
  if (!section.enabled) return [];
  return section.tokens.map((t) => ({ name: t.name, value: t.value, ...(t.env_var !== undefined ? { envVar: t.env_var } : {}) }));
}
