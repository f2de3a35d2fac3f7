/**
 * @module scanCallSequence: chain detection over a whole list of calls at once, with no store — for
 * `pipelock check`, the Scan API and the evaluation (agent-egress-bench `mcp_chain` cases are
 * lists of JSON-RPC `tools/call` messages). Same classification and matching as live traffic.
 */
import type { Finding } from "../../types.ts";
import { classifyCall } from "./classify-call.ts";
import { matchChains } from "./match-chains.ts";
import type { CallRecord, CompiledChains } from "./types.ts";

/** Most calls one sequence scan looks at; the rest are ignored. */
export const MAX_SEQUENCE_CALLS = 10_000;

export interface SequenceCall {
  readonly toolName: string;
  readonly arguments: unknown;
  /** Milliseconds since the epoch; when absent, the previous call's time (all at 0 if none has one). */
  readonly at?: number;
}

/** Every chain finding the sequence produces, in order, one per chain id. */
export function scanCallSequence(compiled: CompiledChains, calls: readonly SequenceCall[]): Finding[] {
  let history: CallRecord[] = [];
  let clock = 0;
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const call of calls.slice(0, MAX_SEQUENCE_CALLS)) {
    if (typeof call.at === "number" && Number.isFinite(call.at)) clock = call.at;
    const record = classifyCall(compiled, call.toolName, call.arguments, clock);
    const result = matchChains(compiled, history, record, clock);
    history = result.history;
    for (const f of result.findings) {
      if (seen.has(f.rule_id)) continue;
      seen.add(f.rule_id);
      findings.push(f);
    }
  }
  return findings;
}

/**
 * The `tools/call` requests in a list of JSON-RPC messages (anything else is skipped), as calls.
 * Accepts single messages and batches (arrays) in the list.
 */
export function callsFromJsonRpc(messages: readonly unknown[]): SequenceCall[] {
  const out: SequenceCall[] = [];
  const visit = (msg: unknown, depth: number): void => {
    if (out.length >= MAX_SEQUENCE_CALLS || depth > 1) return;
    if (Array.isArray(msg)) {
      for (const m of msg) visit(m, depth + 1);
      return;
    }
    if (msg === null || typeof msg !== "object") return;
    const { method, params } = msg as { method?: unknown; params?: unknown };
    if (method !== "tools/call" || params === null || typeof params !== "object") return;
    const { name, arguments: args } = params as { name?: unknown; arguments?: unknown };
    if (typeof name === "string") out.push({ toolName: name, arguments: args ?? {} });
  };
  for (const m of messages.slice(0, MAX_SEQUENCE_CALLS)) visit(m, 0);
  return out;
}
