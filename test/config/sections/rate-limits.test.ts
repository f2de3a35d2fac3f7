/**
 * @module The `rate_limits` section plus the reference's `fetch_proxy.monitoring` keys, mapped to the
 * request-limit settings the doors use.
 */
import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { RATE_LIMITS_DEFAULTS, RateLimitsSchema, toRequestLimitSettings } from "../../../src/config/sections/rate-limits.ts";
import { DEFAULT_REQUEST_LIMIT_SETTINGS } from "../../../src/state/index.ts";

const monitoringDefaults = { max_requests_per_minute: 60, max_data_per_minute: 0 };

describe("rate_limits", () => {
  test("defaults (section absent, reference monitoring defaults) are the state defaults", () => {
    expect(toRequestLimitSettings(monitoringDefaults, RATE_LIMITS_DEFAULTS)).toEqual(DEFAULT_REQUEST_LIMIT_SETTINGS);
  });

  test("a per-domain request limit of 0 reads as the reference's 60", () => {
    expect(toRequestLimitSettings({ max_requests_per_minute: 0, max_data_per_minute: 0 }, RATE_LIMITS_DEFAULTS).perDomain.requestsPerWindow).toBe(60);
  });

  test("every key maps", () => {
    const section = v.parse(RateLimitsSchema, {
      per_agent: { max_requests_per_minute: 600, max_data_per_minute: 10_000_000 },
      agents: { "ci-bot": { max_requests_per_minute: 1200 }, "Researcher.v2": { max_data_per_minute: 5_000_000 } },
      max_subdomains_per_minute: 10,
      exempt_domains: ["*.Internal.Example"],
    });
    expect(toRequestLimitSettings({ max_requests_per_minute: 30, max_data_per_minute: 1_000_000 }, section)).toEqual({
      perDomain: { requestsPerWindow: 30, bytesPerWindow: 1_000_000 },
      perAgent: { requestsPerWindow: 600, bytesPerWindow: 10_000_000 },
      agents: { "ci-bot": { requestsPerWindow: 1200 }, "Researcher.v2": { bytesPerWindow: 5_000_000 } },
      maxSubdomainsPerWindow: 10,
      exemptDomains: ["*.internal.example"],
      windowMs: 60_000,
    });
  });

  test.each([
    ["an unknown key", { per_domain: {} }],
    ["a negative limit", { per_agent: { max_requests_per_minute: -1 } }],
    ["an agent name with spaces", { agents: { "my agent": { max_requests_per_minute: 1 } } }],
    ["an unknown agent key", { agents: { bot: { burst: 5 } } }],
    ["a URL as an exempt domain", { exempt_domains: ["http://x.example/"] }],
  ])("rejects %s", (_, input) => {
    expect(v.safeParse(RateLimitsSchema, input).success).toBe(false);
  });
});
