/**
 * @module Data budgets: bytes per window for one agent to one base domain, and for one agent across
 * all domains. Before a request its outbound size (when known) is reserved, or, with size 0, the
 * window is only checked not to be full already; after it, the response size is recorded (the
 * reference charges responses), so a budget stops the next request once it is spent.
 */
import { STATE_NAMESPACES, type StateStore } from "../engine/state/index.ts";
import { ALL_DOMAINS, bucketKeys } from "./limit-keys.ts";
import { record, reserve, type Reservation } from "./sliding-window.ts";

export interface ByteLimits {
  /** Bytes per window to one base domain; 0 = no limit. */
  readonly perDomain: number;
  /** Bytes per window across all domains; 0 = no limit. */
  readonly perAgent: number;
}

/** Reserve `bytes` against both budgets; stops at the first refusal. */
export async function reserveBytes(
  store: StateStore,
  agent: string,
  domain: string,
  limits: ByteLimits,
  bytes: number,
  windowMs: number,
  now: number,
): Promise<{ readonly scope: "domain" | "agent"; readonly result: Reservation }[]> {
  const amount = Number.isFinite(bytes) && bytes > 0 ? Math.floor(bytes) : 0;
  const out: { scope: "domain" | "agent"; result: Reservation }[] = [];
  if (limits.perDomain > 0) {
    const result = await reserve(store, { keyFor: bucketKeys(STATE_NAMESPACES.dataBudget, agent, domain), limit: limits.perDomain, windowMs }, amount, now);
    out.push({ scope: "domain", result });
    if (!result.ok) return out;
  }
  if (limits.perAgent > 0) {
    out.push({ scope: "agent", result: await reserve(store, { keyFor: bucketKeys(STATE_NAMESPACES.dataBudget, agent, ALL_DOMAINS), limit: limits.perAgent, windowMs }, amount, now) });
  }
  return out;
}

/** Charge bytes that already crossed (a response body) to both budgets. */
export async function recordBytes(store: StateStore, agent: string, domain: string, limits: ByteLimits, bytes: number, windowMs: number, now: number): Promise<void> {
  const amount = Number.isFinite(bytes) && bytes > 0 ? Math.floor(bytes) : 0;
  if (amount === 0) return;
  if (limits.perDomain > 0) await record(store, { keyFor: bucketKeys(STATE_NAMESPACES.dataBudget, agent, domain), limit: limits.perDomain, windowMs }, amount, now);
  if (limits.perAgent > 0) await record(store, { keyFor: bucketKeys(STATE_NAMESPACES.dataBudget, agent, ALL_DOMAINS), limit: limits.perAgent, windowMs }, amount, now);
}
