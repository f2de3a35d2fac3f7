/** @module Per-session MCP state: pending request ids, tool fingerprints and binding, baselines. */
export { McpSession } from "./session.ts";
export { PendingRequests, MAX_PENDING, type PendingInfo } from "./pending-requests.ts";
export { ToolRegistry, MAX_TOOLS, MAX_MEMO_CHARS, type Callable, type Observation, type PinnedTool } from "./tool-registry.ts";
export { FingerprintMemo, MAX_MEMO_NAMES } from "./fingerprint-memo.ts";
export { toolFingerprint, fingerprintText, hashFingerprintText, canonicalJson, describeDrift, FINGERPRINT_FIELDS } from "./tool-fingerprint.ts";
export { readBaseline, parseBaseline, writeBaseline, BaselineError, BASELINE_VERSION, MAX_BASELINE_BYTES, type BaselineFile } from "./baseline-file.ts";
