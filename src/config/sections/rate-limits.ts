/**
 * @module The `rate_limits` config section (our addition) and the mapping of it plus the reference's
 * per-domain keys onto the request-limit settings the doors use. The reference keeps its per-domain
 * limits in `fetch_proxy.monitoring` (`max_requests_per_minute`, default 60, ≤ 0 read as 60;
 * `max_data_per_minute`, bytes, 0 = off) and those keys stay where they are; this section adds
 * what the reference sells separately (per-agent totals and per-agent overrides, the shape of its
 * `agents.<name>.rate_limit`), the distinct-subdomain bound, and exemptions.
 */
import * as v from "valibot";
import type { RequestLimitSettings } from "../../state/index.ts";

const count = v.pipe(v.number(), v.integer(), v.minValue(0, "must be 0 or more"));
const AgentName = v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, "agent names are 1-64 letters, digits, '.', '_' or '-'"));
const Domain = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), v.regex(/^[^\s/:@?#]+$/, "must be a host name or *.example.com, not a URL"));

const Limits = v.strictObject({
  max_requests_per_minute: v.optional(count),
  max_data_per_minute: v.optional(count),
});

export const RateLimitsSchema = v.strictObject({
  /** Totals for one agent across all domains; 0 = no limit. */
  per_agent: v.optional(v.strictObject({ max_requests_per_minute: v.optional(count, 0), max_data_per_minute: v.optional(count, 0) }), {}),
  /** Per-domain limits for named agents, replacing `fetch_proxy.monitoring`'s for them. */
  agents: v.optional(v.record(AgentName, Limits), {}),
  /** Distinct subdomains of one base domain an agent may reach per minute; 0 = no limit. */
  max_subdomains_per_minute: v.optional(count, 30),
  /** Hosts never limited (`*.example.com` also matches the apex). */
  exempt_domains: v.optional(v.array(Domain), []),
});

export type RateLimitsConfig = v.InferOutput<typeof RateLimitsSchema>;

/** The section's defaults, as parsed from an absent section. */
export const RATE_LIMITS_DEFAULTS: RateLimitsConfig = v.parse(RateLimitsSchema, {});

/** The reference's per-domain keys (`fetch_proxy.monitoring`). */
export interface MonitoringLimits {
  readonly max_requests_per_minute: number;
  readonly max_data_per_minute: number;
}

/** Reference per-domain keys + this section → request-limit settings. */
export function toRequestLimitSettings(monitoring: MonitoringLimits, section: RateLimitsConfig): RequestLimitSettings {
  // The reference reads a per-domain request limit of 0 or less as its default, 60.
  const perDomainRequests = monitoring.max_requests_per_minute > 0 ? monitoring.max_requests_per_minute : 60;
  const agents: Record<string, { requestsPerWindow?: number; bytesPerWindow?: number }> = {};
  for (const [name, l] of Object.entries(section.agents)) {
    agents[name] = {
      ...(l.max_requests_per_minute !== undefined ? { requestsPerWindow: l.max_requests_per_minute } : {}),
      ...(l.max_data_per_minute !== undefined ? { bytesPerWindow: l.max_data_per_minute } : {}),
    };
  }
  return {
    perDomain: { requestsPerWindow: perDomainRequests, bytesPerWindow: Math.max(0, monitoring.max_data_per_minute) },
    perAgent: { requestsPerWindow: section.per_agent.max_requests_per_minute, bytesPerWindow: section.per_agent.max_data_per_minute },
    agents,
    maxSubdomainsPerWindow: section.max_subdomains_per_minute,
    exemptDomains: section.exempt_domains.map((d) => d.toLowerCase()),
    windowMs: 60_000,
  };
}
