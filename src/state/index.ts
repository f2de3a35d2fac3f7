/** @module State implementations behind the engine's StateStore seam, and the session helpers doors use. */
export { MemoryStateStore, MAX_KEY_CHARS, type MemoryStoreOptions } from "./memory-store.ts";
export { checkToolCallChain, type ChainCheck, type ToolCallInput } from "./chain-tracker.ts";
export { createCrossRequestTracker, MAX_STATE_ATTEMPTS, type CrossRequestTracker, type CrossRequestTrackerOptions } from "./cross-request-tracker.ts";
export { createRequestLimits, DEFAULT_REQUEST_LIMIT_SETTINGS, type AgentLimitOverride, type LimitDecision, type RequestLimits, type RequestLimitSettings, type RequestLimitOptions } from "./request-limits.ts";
export { registrableDomain, publicSuffix, canonicalHostName } from "./registrable-domain.ts";
export type { LimitReason } from "./limit-finding.ts";
