/** @module Message inspection: JSON-RPC messages → engine Subjects → forward, refuse, strip, ask, redirect. */
export { createGuard, type Delivery, type McpGuard, type ReceiveOptions } from "./guard.ts";
export type { GuardDeps, Outcome, Side } from "./guard-types.ts";
export { policyScanner, MAX_TOOL_VERDICTS, type McpScanner, type PolicyScannerOptions } from "./scanner.ts";
export { DEFAULT_GUARD_SETTINGS, type EnforceAction, type McpGuardSettings, type RedirectProfile } from "./settings.ts";
export { collectStrings, joinTexts, mapStrings, MAX_STRINGS, MAX_WALK_DEPTH, type Collected } from "./extract-text.ts";
export { inspectServerPayload, inspectClientPayload } from "./payload.ts";
export { denialMessage, denialData, decisive, failureVerdict, ALLOW } from "./verdicts.ts";
export { emitMcpEvent, describeTarget } from "./events.ts";
export { inspectToolList, type ToolListResult } from "./tool-list.ts";
