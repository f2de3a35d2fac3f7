/**
 * @module Tool-call chain detection: sequences of calls (read a secret → send it; download → chmod
 * → run; …) matched as ordered subsequences within a bounded window of the session's recent calls.
 * Pure: the window comes in as an argument and goes out updated; doors keep it in a StateStore.
 */
export { BUILTIN_CHAINS } from "./builtin-chains.ts";
export {
  compileChains,
  stepClassOf,
  DEFAULT_CHAIN_SETTINGS,
  CHAIN_RULE_PREFIX,
  STEP_RULE_PREFIX,
  MAX_WINDOW_SIZE,
  MAX_WINDOW_MS,
  MAX_GAP,
  MAX_CHAIN_STEPS,
  MAX_CUSTOM_CHAINS,
  type ChainRuleOverrides,
} from "./compile-chains.ts";
export { classifyCall, MAX_RECORDED_TOOL_CHARS } from "./classify-call.ts";
export { matchChains, findChainMatches, windowWith, type ChainMatch, type ChainResult } from "./match-chains.ts";
export { chainFinding, CHAIN_LOCATION } from "./chain-finding.ts";
export { scanCallSequence, callsFromJsonRpc, MAX_SEQUENCE_CALLS, type SequenceCall } from "./scan-call-sequence.ts";
export type { CallRecord, ChainDefinition, ChainSettings, CompiledChain, CompiledChains, CustomChain, StepRule } from "./types.ts";
