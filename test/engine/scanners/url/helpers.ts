/**
 * @module Shared fixtures for the URL scanner tests: a default policy, a recording DLP hook and
 * stub resolvers (no real DNS anywhere).
 */
import type { Finding, Resolver } from "../../../../src/engine/types.ts";
import { compileUrlPolicy, scanUrl, type CompiledUrlPolicy, type UrlPolicyConfig } from "../../../../src/engine/scanners/url/index.ts";

export const BASE_CONFIG: UrlPolicyConfig = {
  mode: "balanced",
  maxUrlLength: 2048,
  entropyThreshold: 4.5,
  subdomainEntropyThreshold: 4.0,
  subdomainEntropyExclusions: [],
  blocklist: ["*.pastebin.com", "*.hastebin.com", "*.paste.ee", "*.transfer.sh", "*.file.io", "*.requestbin.com"],
  allowlist: [],
  internal: ["0.0.0.0/8", "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10", "224.0.0.0/4", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8"],
  ipAllowlist: [],
  trustedDomains: [],
  allowedSchemes: ["http", "https"],
};

export function policyWith(overrides: Partial<UrlPolicyConfig> = {}): CompiledUrlPolicy {
  return compileUrlPolicy({ ...BASE_CONFIG, ...overrides });
}

export const DEFAULT_POLICY = policyWith();

export const noDlp = (): Finding[] => [];

/** Scan offline with no DLP; returns the findings. */
export function scan(url: string, policy: CompiledUrlPolicy = DEFAULT_POLICY, resolver?: Resolver): Promise<Finding[]> {
  return scanUrl(url, policy, { dlp: noDlp, ...(resolver ? { resolver } : {}) });
}

export function ruleIds(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.rule_id))].sort();
}

/** A resolver answering from a table; unknown names reject like NXDOMAIN. Records every lookup. */
export function stubResolver(table: Record<string, readonly string[]>): Resolver & { readonly lookups: string[] } {
  const lookups: string[] = [];
  return {
    lookups,
    async resolve(host: string): Promise<readonly string[]> {
      lookups.push(host);
      const answer = table[host];
      if (answer === undefined) throw new Error(`ENOTFOUND ${host}`);
      return answer;
    },
  };
}
