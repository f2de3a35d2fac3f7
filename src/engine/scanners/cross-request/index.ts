/**
 * @module Cross-request exfiltration detection (reference "CEE"): a per-session fragment buffer whose
 * recent pieces are reassembled and run through text DLP, and an entropy budget on high-entropy data
 * sent per window. Pure: the session state comes in as an argument and goes out updated; the
 * store-backed wrapper doors call lives in src/state (createCrossRequestTracker).
 */
export {
  DEFAULT_CROSS_REQUEST_SETTINGS,
  REASSEMBLY_REACH_CHARS,
  MAX_FIELD_STREAMS,
  FIELD_STREAM_CHARS,
  MAX_FRAGMENTS_PER_OBSERVATION,
  MAX_BUFFER_CHARS_LIMIT,
  MAX_WINDOW_MS,
  crossRequestActive,
  type CrossRequestAction,
  type CrossRequestSettings,
  type EntropyBudgetSettings,
  type FragmentReassemblySettings,
} from "./settings.ts";
export { EMPTY_CROSS_REQUEST_STATE, readCrossRequestState, MAX_SEEN_TOKENS, type CrossRequestState, type StoredFragment, type StoredStream } from "./state.ts";
export { SESSION_STREAM, fieldStream, streamBounds, type StreamRegion } from "./fragment-streams.ts";
export { findSplitSecrets, CROSS_REQUEST_LOCATION, type ReassemblyPolicy, type SplitSecret } from "./reassemble.ts";
export { spendEntropyBudget, tokenBits, forEachToken, MIN_TOKEN_CHARS, MIN_TOKEN_BITS_PER_CHAR, type BudgetSpend } from "./entropy-budget.ts";
export { entropyBudgetFinding, ENTROPY_BUDGET_RULE_ID, ENTROPY_BUDGET_LOCATION } from "./budget-finding.ts";
export { urlFragments, jsonFragments, toolCallFragments, bodyFragments, FIELDS, type CrossRequestFragment } from "./fragments.ts";
export {
  advanceCrossRequest,
  inspectCrossRequest,
  forgetDetected,
  observeCrossRequest,
  type CrossRequestAdvance,
  type CrossRequestInput,
  type CrossRequestInspection,
  type CrossRequestObservation,
} from "./observe.ts";
