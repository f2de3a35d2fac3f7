/**
 * @module The finding a refused request carries into its decision event and block page: which limit,
 * for which base domain, how long to wait, and the config line that would lift it. These are
 * protective refusals (429), not threats, except subdomain rotation, which is how data leaves
 * through DNS names.
 */
import type { Finding, Severity } from "../engine/index.ts";

export type LimitReason = "rate_limit" | "agent_rate_limit" | "data_budget" | "agent_data_budget" | "subdomain_rotation" | "state_unavailable";

interface LimitFacts {
  readonly domain: string;
  readonly limit: number;
  readonly windowMs: number;
  readonly retryAfterSec: number;
}

const TEXT: Readonly<Record<LimitReason, { severity: Severity; what: (f: LimitFacts) => string; fix: (f: LimitFacts) => string }>> = {
  rate_limit: {
    severity: "low",
    what: (f) => `Too many requests to ${f.domain} and its subdomains (limit ${f.limit} per ${seconds(f)})`,
    fix: (f) => `fetch_proxy:\n  monitoring:\n    max_requests_per_minute: ${f.limit * 2}   # or rate_limits.exempt_domains: ["${exemptOf(f)}"]`,
  },
  agent_rate_limit: {
    severity: "low",
    what: (f) => `Too many requests from this agent (limit ${f.limit} per ${seconds(f)} across all domains)`,
    fix: (f) => `rate_limits:\n  per_agent:\n    max_requests_per_minute: ${f.limit * 2}`,
  },
  data_budget: {
    severity: "low",
    what: (f) => `Data budget for ${f.domain} and its subdomains is spent (limit ${f.limit} bytes per ${seconds(f)})`,
    fix: (f) => `fetch_proxy:\n  monitoring:\n    max_data_per_minute: ${f.limit * 2}   # or rate_limits.exempt_domains: ["${exemptOf(f)}"]`,
  },
  agent_data_budget: {
    severity: "low",
    what: (f) => `This agent's data budget is spent (limit ${f.limit} bytes per ${seconds(f)} across all domains)`,
    fix: (f) => `rate_limits:\n  per_agent:\n    max_data_per_minute: ${f.limit * 2}`,
  },
  subdomain_rotation: {
    severity: "medium",
    what: (f) => `Too many different subdomains of ${f.domain} (limit ${f.limit} per ${seconds(f)}): data may be leaving through DNS names`,
    fix: (f) => `rate_limits:\n  exempt_domains: ["${exemptOf(f)}"]   # or raise max_subdomains_per_minute (now ${f.limit})`,
  },
  state_unavailable: {
    severity: "low",
    what: () => "Rate-limit state is unavailable, so the request was refused (fail closed)",
    fix: () => "check the state store; this clears when it answers again",
  },
};

/** The finding for a refusal. */
export function limitFinding(reason: LimitReason, facts: LimitFacts): Finding {
  const t = TEXT[reason];
  return {
    scanner: "url",
    rule_id: `url.${reason}`,
    severity: t.severity,
    action: "block",
    message: `${t.what(facts)}; retry after ${facts.retryAfterSec} s`,
    location: "url.host",
    mitre: reason === "subdomain_rotation" ? ["T1030", "T1048", "T1071.004"] : ["T1030"],
    exempt: t.fix(facts),
  };
}

function seconds(f: LimitFacts): string {
  return f.windowMs === 60_000 ? "minute" : `${Math.round(f.windowMs / 1000)} s`;
}

function exemptOf(f: LimitFacts): string {
  return /^[\d.]+$|:/.test(f.domain) ? f.domain : `*.${f.domain}`;
}
