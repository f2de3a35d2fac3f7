/**
 * @module Request-rate limits: requests per window for one agent to one base domain (subdomains
 * count against it), and for one agent across all domains. Both are sliding windows on the
 * StateStore; a request is counted only when every limit takes it (the caller undoes the
 * reservations of the others when a later check refuses).
 */
import { STATE_NAMESPACES, type StateStore } from "../engine/state/index.ts";
import { ALL_DOMAINS, bucketKeys } from "./limit-keys.ts";
import { reserve, type Reservation } from "./sliding-window.ts";

/** One request against the agent's per-domain limit (`perDomain`) and total limit (`perAgent`); 0 turns a limit off. */
export async function reserveRequest(
  store: StateStore,
  agent: string,
  domain: string,
  limits: { readonly perDomain: number; readonly perAgent: number },
  windowMs: number,
  now: number,
): Promise<{ readonly scope: "domain" | "agent"; readonly result: Reservation }[]> {
  const out: { scope: "domain" | "agent"; result: Reservation }[] = [];
  if (limits.perDomain > 0) {
    const result = await reserve(store, { keyFor: bucketKeys(STATE_NAMESPACES.requestRate, agent, domain), limit: limits.perDomain, windowMs }, 1, now);
    out.push({ scope: "domain", result });
    if (!result.ok) return out;
  }
  if (limits.perAgent > 0) {
    out.push({ scope: "agent", result: await reserve(store, { keyFor: bucketKeys(STATE_NAMESPACES.requestRate, agent, ALL_DOMAINS), limit: limits.perAgent, windowMs }, 1, now) });
  }
  return out;
}
