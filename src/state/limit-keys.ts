/**
 * @module Store keys for the per-agent, per-domain counters: `<namespace>:<agent>|<base domain>|<bucket>`
 * (or `<agent>|*|<bucket>` for an agent's total). The agent part comes first and is cut by stateKey
 * if a client sends a huge name; `|` cannot occur in a host name, so parts never run together.
 */
import { stateKey, type StateNamespace } from "../engine/state/index.ts";

/** Name used for requests that carry no agent identity. */
export const ANONYMOUS_AGENT = "-";
/** The domain slot of an agent's all-domains counter. */
export const ALL_DOMAINS = "*";

/** Bucket index → key, for one agent and domain (or ALL_DOMAINS). */
export function bucketKeys(namespace: StateNamespace, agent: string, domain: string): (bucket: number) => string {
  const who = agent.length > 0 ? agent : ANONYMOUS_AGENT;
  return (bucket) => stateKey(namespace, `${who}|${domain}|${bucket}`);
}
