/**
 * @module createRequestLimits: admission control for the HTTP doors (issue 5, "rate limits and data
 * budgets"). Before a request goes out a door calls `checkRequest(agent, host, bytes)`; a refusal
 * carries the reason, the seconds to wait (for `Retry-After`) and a finding for the decision event,
 * and the door answers 429. After the response it calls `recordBytes` with the bytes received.
 * Counts are per agent and per base domain (the registrable domain, so rotating subdomains counts
 * against one base), plus optional per-agent totals across all domains, plus the number of distinct
 * subdomains per base. A store failure is a refusal (fail closed), never an admission.
 */
import type { Finding } from "../engine/index.ts";
import { matchDomain } from "../engine/scanners/url/index.ts";
import type { StateStore } from "../engine/state/index.ts";
import { recordBytes as chargeBytes, reserveBytes } from "./data-budget.ts";
import { limitFinding, type LimitReason } from "./limit-finding.ts";
import { reserveRequest } from "./rate-limiter.ts";
import { canonicalHostName, registrableDomain } from "./registrable-domain.ts";
import type { Reservation } from "./sliding-window.ts";
import { checkSubdomain } from "./subdomain-rotation.ts";

/** Per-agent overrides of the per-domain limits (the reference's enterprise `agents.<name>.rate_limit`). */
export interface AgentLimitOverride {
  readonly requestsPerWindow?: number;
  readonly bytesPerWindow?: number;
}

export interface RequestLimitSettings {
  /** Requests and bytes per window from one agent to one base domain; 0 = no limit. */
  readonly perDomain: { readonly requestsPerWindow: number; readonly bytesPerWindow: number };
  /** Requests and bytes per window from one agent to all domains together; 0 = no limit. */
  readonly perAgent: { readonly requestsPerWindow: number; readonly bytesPerWindow: number };
  /** Overrides of `perDomain` by agent name. */
  readonly agents: Readonly<Record<string, AgentLimitOverride>>;
  /** Distinct subdomains of one base domain an agent may reach per window; 0 = no limit. */
  readonly maxSubdomainsPerWindow: number;
  /** Hosts never limited (`*.example.com` also matches the apex). */
  readonly exemptDomains: readonly string[];
  readonly windowMs: number;
}

/** Reference defaults (60 requests per minute per domain, no data budget) plus a subdomain bound. */
export const DEFAULT_REQUEST_LIMIT_SETTINGS: RequestLimitSettings = Object.freeze({
  perDomain: Object.freeze({ requestsPerWindow: 60, bytesPerWindow: 0 }),
  perAgent: Object.freeze({ requestsPerWindow: 0, bytesPerWindow: 0 }),
  agents: Object.freeze({}),
  maxSubdomainsPerWindow: 30,
  exemptDomains: Object.freeze([]) as readonly string[],
  windowMs: 60_000,
});

export type LimitDecision =
  | { readonly ok: true; readonly domain: string }
  | {
      readonly ok: false;
      readonly reason: LimitReason;
      /** Whole seconds for `Retry-After` (at least 1). */
      readonly retryAfterSec: number;
      /** The base domain counted against. */
      readonly domain: string;
      /** For the decision event and the block page. */
      readonly finding: Finding;
    };

export interface RequestLimits {
  readonly settings: RequestLimitSettings;
  /** Admit one request from `agent` to `host` sending `bytes` (0 when unknown) — or say why not. */
  checkRequest(agent: string, host: string, bytes?: number): Promise<LimitDecision>;
  /** Charge bytes that already crossed (the response) to the data budgets. */
  recordBytes(agent: string, host: string, bytes: number): Promise<void>;
}

export interface RequestLimitOptions {
  /** Milliseconds since the epoch. Default Date.now. */
  readonly now?: () => number;
}

/** Limits over `store` (give it its own MemoryStateStore: every agent × base domain is a few keys). */
export function createRequestLimits(store: StateStore, settings: RequestLimitSettings, options: RequestLimitOptions = {}): RequestLimits {
  const now = options.now ?? Date.now;
  const windowMs = Math.max(1000, settings.windowMs);
  const limitsFor = (agent: string) => {
    const o = settings.agents[agent];
    return {
      requests: { perDomain: count(o?.requestsPerWindow ?? settings.perDomain.requestsPerWindow), perAgent: count(settings.perAgent.requestsPerWindow) },
      bytes: { perDomain: count(o?.bytesPerWindow ?? settings.perDomain.bytesPerWindow), perAgent: count(settings.perAgent.bytesPerWindow) },
    };
  };
  const exempt = (host: string) => settings.exemptDomains.some((d) => matchDomain(host, d));

  return {
    settings,
    async checkRequest(agent, host, bytes = 0) {
      const name = canonicalHostName(host);
      const domain = registrableDomain(name);
      if (exempt(name)) return { ok: true, domain };
      const at = now();
      const limits = limitsFor(agent);
      const taken: Reservation[] = [];
      const refuse = async (reason: LimitReason, limit: number, retryAfterMs: number): Promise<LimitDecision> => {
        await Promise.all(taken.map((r) => (r.ok ? r.undo() : undefined)));
        const retryAfterSec = Math.max(1, Math.ceil(retryAfterMs / 1000));
        return { ok: false, reason, retryAfterSec, domain, finding: limitFinding(reason, { domain, limit, windowMs, retryAfterSec }) };
      };
      try {
        const rotation = await checkSubdomain(store, agent, name, domain, count(settings.maxSubdomainsPerWindow), windowMs, at);
        if (!rotation.ok) return await refuse("subdomain_rotation", settings.maxSubdomainsPerWindow, rotation.retryAfterMs);
        for (const { scope, result } of await reserveRequest(store, agent, domain, limits.requests, windowMs, at)) {
          if (!result.ok) return await refuse(scope === "domain" ? "rate_limit" : "agent_rate_limit", scope === "domain" ? limits.requests.perDomain : limits.requests.perAgent, result.retryAfterMs);
          taken.push(result);
        }
        for (const { scope, result } of await reserveBytes(store, agent, domain, limits.bytes, bytes, windowMs, at)) {
          if (!result.ok) return await refuse(scope === "domain" ? "data_budget" : "agent_data_budget", scope === "domain" ? limits.bytes.perDomain : limits.bytes.perAgent, result.retryAfterMs);
          taken.push(result);
        }
        return { ok: true, domain };
      } catch {
        return { ok: false, reason: "state_unavailable", retryAfterSec: 1, domain, finding: limitFinding("state_unavailable", { domain, limit: 0, windowMs, retryAfterSec: 1 }) };
      }
    },
    async recordBytes(agent, host, bytes) {
      const name = canonicalHostName(host);
      if (exempt(name)) return;
      await chargeBytes(store, agent, registrableDomain(name), limitsFor(agent).bytes, bytes, windowMs, now());
    },
  };
}

/** A usable limit: a non-negative whole number (anything else means no limit). */
function count(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}
