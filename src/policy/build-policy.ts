/**
 * @module Config + rule packs → one CompiledPolicy. Maps the YAML schema onto the engine's plain
 * settings, turns config-defined patterns into rules, loads packs and compiles. Every problem is a
 * located issue; a policy with any issue is not built (nothing starts half-configured).
 */
import { isAbsolute, resolve } from "node:path";
import { compilePolicy, compileRule, selectEnvSecrets, type CompiledPolicy, type CompiledRule, type EngineSettings, type RuleDefinition } from "../engine/index.ts";
import { loadPacks, type LoadedPack } from "../rules/index.ts";
import { readSecretsFile } from "./secrets-file.ts";
import { canaryTokensToSettings, mcpToolPolicyRules, toAddressProtectionSettings, toChainSettings, toSeedPhraseSettings, type Config, type LoadedConfig, type LoadIssue } from "../config/index.ts";

export interface PolicyBuild {
  readonly policy: CompiledPolicy;
  readonly packs: readonly LoadedPack[];
  readonly config: LoadedConfig;
}

export type PolicyResult = { ok: true; build: PolicyBuild } | { ok: false; issues: LoadIssue[] };

export interface PolicyOptions {
  /** Extra pack directories from the command line (cwd-relative). */
  readonly ruleDirs?: readonly string[];
}

/** Build the compiled policy for a loaded config. Never throws on bad input. */
export function buildPolicy(loaded: LoadedConfig, options: PolicyOptions = {}): PolicyResult {
  const { config, baseDir, file } = loaded;
  const base = baseDir ?? process.cwd();
  const dirs = [
    ...(baseDir !== undefined ? [{ path: resolve(baseDir, config.rules.plugin_dir), optional: true }] : []),
    ...config.rules.dirs.map((d) => ({ path: isAbsolute(d) ? d : resolve(base, d), optional: false })),
    ...(options.ruleDirs ?? []).map((d) => ({ path: resolve(d), optional: false })),
  ];
  const packsResult = loadPacks({ dirs, requireSigned: config.rules.require_signed, trustedKeys: config.rules.trusted_keys });
  if (!packsResult.ok) return { ok: false, issues: packsResult.issues };
  const packs = packsResult.packs;
  const issues: LoadIssue[] = [];
  const configRules = configDefinedRules(config, file, issues);
  const packRules = packs.flatMap((p) => p.rules).filter((r) => includeDefaults(config, r));
  const fileSecrets: { name: string; value: string }[] = [];
  if (config.dlp.secrets_file !== undefined) {
    const path = isAbsolute(config.dlp.secrets_file) ? config.dlp.secrets_file : resolve(base, config.dlp.secrets_file);
    const read = readSecretsFile(path, config.dlp.min_env_secret_length);
    if (read.ok) fileSecrets.push(...read.secrets);
    else issues.push({ file, line: 1, col: 1, path: "dlp.secrets_file", message: read.message });
  }
  if (issues.length > 0) return { ok: false, issues };
  try {
    const settings = toSettings(config);
    const known = new Set(settings.envSecrets?.map((s) => s.value));
    const withFile: EngineSettings = { ...settings, envSecrets: [...(settings.envSecrets ?? []), ...fileSecrets.filter((s) => !known.has(s.value))] };
    const policy = compilePolicy(withFile, [...packRules, ...configRules], packs.map((p) => ({ name: p.name, version: p.version, sha256: p.sha256, origin: p.origin, rules: p.rules.length })));
    return { ok: true, build: { policy, packs, config: loaded } };
  } catch (err) {
    return { ok: false, issues: [{ file, line: 1, col: 1, path: "", message: (err as Error).message }] };
  }
}

/** `dlp.include_defaults: false` / `response_scanning.include_defaults: false` drop built-in rules of that kind. */
function includeDefaults(config: Config, rule: CompiledRule): boolean {
  if (rule.kind === "dlp" && !config.dlp.include_defaults) return rule.pack !== "pipelock-dlp";
  if (rule.kind === "injection" && !config.response_scanning.include_defaults) return rule.pack !== "pipelock-injection";
  return true;
}

/** Map the YAML config onto the engine's settings. */
export function toSettings(config: Config): EngineSettings {
  const m = config.fetch_proxy.monitoring;
  const dlpExemptDomains: Record<string, readonly string[]> = {};
  for (const p of config.dlp.patterns) if (p.exempt_domains.length > 0) dlpExemptDomains[customId("dlp", p.name)] = p.exempt_domains;
  return {
    mode: config.mode,
    enforce: config.enforce,
    url: {
      mode: config.mode,
      maxUrlLength: m.max_url_length,
      entropyThreshold: m.entropy_threshold,
      subdomainEntropyThreshold: m.subdomain_entropy_threshold,
      subdomainEntropyExclusions: m.subdomain_entropy_exclusions,
      blocklist: m.blocklist,
      allowlist: config.api_allowlist,
      internal: config.internal,
      ipAllowlist: config.ssrf.ip_allowlist,
      trustedDomains: config.trusted_domains,
      allowedSchemes: ["http", "https"],
    },
    suppress: config.suppress.map((s) => ({ rule: s.rule, ...(s.path ? { path: s.path } : {}), ...(s.tool ? { tool: s.tool } : {}) })),
    disabledRules: config.rules.disabled,
    minConfidence: config.rules.min_confidence,
    actionOverrides: config.rules.actions,
    injection: {
      enabled: config.response_scanning.enabled,
      action: config.response_scanning.action,
      exemptDomains: config.response_scanning.exempt_domains,
    },
    dlpExemptDomains,
    canaryTokens: canaryTokensToSettings(config.canary_tokens),
    // Read once per load (and reload); the values stay in memory only, never in findings or logs.
    envSecrets: config.dlp.scan_env ? selectEnvSecrets(process.env, config.dlp.min_env_secret_length) : [],
    chains: toChainSettings(config.tool_chain_detection),
    crypto: {
      seedPhrase: toSeedPhraseSettings(config.seed_phrase_detection),
      privateKeys: { enabled: true },
      addressProtection: toAddressProtectionSettings(config.address_protection),
    },
  };
}

/** `dlp.patterns` and `response_scanning.patterns` become rules of a pack named "config". */
function configDefinedRules(config: Config, file: string, issues: LoadIssue[]): CompiledRule[] {
  const defs: { def: RuleDefinition; path: string }[] = [
    ...config.dlp.patterns.map((p, i) => ({
      path: `dlp.patterns[${i}]`,
      def: {
        id: customId("dlp", p.name),
        kind: "dlp" as const,
        name: p.name,
        severity: p.severity,
        action: p.action ?? ("block" as const),
        pattern: p.regex,
        max_length: 1024,
        ...(p.validator ? { validate: p.validator === "mod97" ? ("iban" as const) : p.validator } : {}),
        mitre: ["T1552"],
      },
    })),
    ...config.response_scanning.patterns.map((p, i) => ({
      path: `response_scanning.patterns[${i}]`,
      def: { id: customId("inj", p.name), kind: "injection" as const, name: p.name, severity: "high" as const, pattern: p.regex, max_length: 1024, mitre: ["AML.T0051"] },
    })),
    ...mcpToolPolicyRules(config.mcp_tool_policy),
  ];
  const out: CompiledRule[] = [];
  for (const { def, path } of defs) {
    try {
      out.push(compileRule(def, "config"));
    } catch (err) {
      issues.push({ file, line: 1, col: 1, path, message: (err as Error).message });
    }
  }
  return out;
}

/** Stable id for a config-defined pattern: `dlp.custom.internal_ticket_token`. */
export function customId(prefix: string, name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "").slice(0, 60) || "pattern";
  return `${prefix}.custom.${slug}`;
}
