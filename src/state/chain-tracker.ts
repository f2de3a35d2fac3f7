/**
 * @module checkToolCallChain: chain detection for one live tool call in a session, with the window
 * kept in a StateStore. Two phases, because only the door knows whether the call goes through:
 * `check` reads the window and matches; `commit(forwarded)` appends the call — with its classes
 * when it was forwarded, without them when it was blocked (a blocked secret read read nothing, so
 * it must not turn the next harmless fetch into an exfiltration chain; it still counts as a call
 * for the gap). The append is atomic per session, so concurrent calls never lose each other. An
 * ordinary call (no step class) cannot complete a chain, so its check reads nothing from the store.
 */
import { classifyCall, matchChains, type CallRecord, type CompiledChains } from "../engine/scanners/chains/index.ts";
import type { PreparedCall } from "../engine/scanners/tool-policy/index.ts";
import { stateKey, STATE_NAMESPACES, type StateStore, type StateValue } from "../engine/state/index.ts";
import type { Finding } from "../engine/index.ts";

export interface ChainCheck {
  /** Chain findings for this call (empty when chain detection is off or nothing completed). */
  readonly findings: readonly Finding[];
  /** Record the call in the session's window. Call once, after the verdict. */
  commit(forwarded: boolean): Promise<void>;
}

export interface ToolCallInput {
  readonly toolName: string;
  readonly arguments: unknown;
  /** Argument views already built for tool_policy, to share. */
  readonly prepared?: PreparedCall;
}

const NOTHING: ChainCheck = { findings: [], commit: async () => {} };

/**
 * Check one call against the session's window. Rejects only when the store does; a door treats
 * that like any engine failure (deny).
 */
export async function checkToolCallChain(store: StateStore, chains: CompiledChains, sessionId: string, call: ToolCallInput, now: number = Date.now()): Promise<ChainCheck> {
  if (!chains.enabled || chains.chains.length === 0) return NOTHING;
  const key = stateKey(STATE_NAMESPACES.chainWindow, sessionId);
  const record = classifyCall(chains, call.toolName, call.arguments, now, call.prepared);
  // A call with no step class completes no chain: the window need not be read (commit still appends it).
  let findings: readonly Finding[] = [];
  if (record.classes.length > 0) {
    const stored = await store.get<StateValue>(key);
    const history = Array.isArray(stored?.value) ? (stored.value as unknown as CallRecord[]) : [];
    findings = matchChains(chains, history, record, now).findings;
  }
  let committed = false;
  return {
    findings,
    async commit(forwarded: boolean) {
      if (committed) return;
      committed = true;
      const kept: CallRecord = forwarded || record.classes.length === 0 ? record : { ...record, classes: [] };
      await store.appendBounded(key, kept as unknown as StateValue, chains.windowSize, chains.windowMs);
    },
  };
}
