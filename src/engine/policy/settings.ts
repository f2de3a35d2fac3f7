/**
 * @module The plain settings the engine compiles a policy from. Config loading maps the YAML config
 * onto this shape, so the engine never sees the YAML schema.
 */
import type { Confidence, RuleAction } from "../types.ts";
import type { UrlPolicyConfig } from "../scanners/url/index.ts";
import type { ChainSettings } from "../scanners/chains/index.ts";
import type { CryptoSettings } from "../scanners/crypto/index.ts";

export interface SuppressEntry {
  /** Rule id or glob (`inj.*`). */
  readonly rule: string;
  /** URL glob (`https://host/*`) or host wildcard (`*.example.com`). */
  readonly path?: string;
  readonly tool?: string;
}

export interface EngineSettings {
  readonly mode: "strict" | "balanced" | "audit";
  /** false: detect and record only, never deny. */
  readonly enforce: boolean;
  readonly url: UrlPolicyConfig;
  readonly suppress: readonly SuppressEntry[];
  /** Rule ids or globs that never run. */
  readonly disabledRules: readonly string[];
  /** Rules whose confidence is below this never run. */
  readonly minConfidence: Confidence;
  readonly actionOverrides: Readonly<Record<string, RuleAction>>;
  /** Prompt-injection scanning of content: on/off and the action that replaces rule defaults. */
  readonly injection: { readonly enabled: boolean; readonly action?: RuleAction; readonly exemptDomains: readonly string[] };
  /** Canary tokens: any appearance, in any encoding, is critical. */
  readonly canaryTokens: readonly { readonly name: string; readonly value: string }[];
  /** Secret values from the environment (collected at load, never logged); their appearance is critical. */
  readonly envSecrets: readonly { readonly name: string; readonly value: string }[];
  /** Seed phrases, private keys and address poisoning. */
  readonly crypto: CryptoSettings;
  /** Tool-call chain detection (sequences across calls of one session). */
  readonly chains: ChainSettings;
  /** DLP rule id → destination host wildcards where it does not apply (URL scans only). */
  readonly dlpExemptDomains: Readonly<Record<string, readonly string[]>>;
}
