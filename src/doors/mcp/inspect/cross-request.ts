/**
 * @module Cross-request detection for `tools/call`: the arguments of each call that passed the
 * per-message scans are cut into pieces (one field per tool argument path) and handed to the
 * session's fragment buffer, so a secret split over several calls is caught on the call that
 * completes it — before that call reaches the server. The session key is the agent plus the MCP
 * session: one stdio child, one HTTP session id, one WebSocket connection; stateless HTTP
 * exchanges of a listener share one key.
 */
import { toolCallFragments } from "../../../engine/scanners/cross-request/index.ts";
import type { Verdict } from "../../../engine/index.ts";
import type { GuardDeps } from "./guard-types.ts";
import { ALLOW, failureVerdict } from "./verdicts.ts";

/** Longest agent name kept in a session key. */
const MAX_AGENT_KEY_CHARS = 128;
/** Session ids the HTTP listener gives each stateless exchange start with this. */
const STATELESS_PREFIX = "stateless-";

/** `agent|session`: `stdio` for the stdio door, `stateless` for stateless HTTP exchanges. */
export function crossRequestKey(deps: Pick<GuardDeps, "agent" | "door" | "session">): string {
  const agent = (deps.agent ?? "").slice(0, MAX_AGENT_KEY_CHARS);
  const id = deps.session.id;
  const session = deps.door === "mcp_stdio" ? "stdio" : id.startsWith(STATELESS_PREFIX) ? "stateless" : id;
  return `${agent}|${session}`;
}

/** Observe one call about to be sent; a deny verdict means it must not go. Never throws. */
export async function observeToolCall(deps: GuardDeps, toolName: string, args: unknown): Promise<Verdict> {
  const observe = deps.scanner.crossRequest;
  if (observe === undefined) return ALLOW;
  const fragments = toolCallFragments(toolName, args);
  if (fragments.length === 0) return ALLOW;
  try {
    return await observe(crossRequestKey(deps), fragments);
  } catch (err) {
    return failureVerdict("cross_request_error", `cross-request detection failed: ${(err as Error)?.message ?? String(err)}`);
  }
}
