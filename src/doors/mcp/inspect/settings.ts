/**
 * @module The MCP guard's settings, in plain data (the config sections map onto this; the guard
 * never sees YAML). Each switch is what an operator set in `mcp_input_scanning`,
 * `mcp_tool_scanning`, `mcp_tool_policy` and `mcp_session_binding`.
 */
import { DEFAULT_MAX_MESSAGE_BYTES } from "../jsonrpc/index.ts";

/** What a door-level check does when it fires: refuse, or record and let through. */
export type EnforceAction = "block" | "warn";

/** `redirect`: swap the call for a configured safe tool, or run a local handler whose output is the result. */
export type RedirectProfile =
  | { readonly kind: "tool"; readonly name: string; readonly tool: string; readonly arguments?: Readonly<Record<string, unknown>>; readonly preserveArguments: boolean; readonly reason: string }
  | { readonly kind: "exec"; readonly name: string; readonly exec: readonly string[]; readonly preserveArgv: boolean; readonly reason: string; readonly timeoutMs: number };

export interface McpGuardSettings {
  /** Bound on one JSON-RPC message (a stdio line, an HTTP body, a WebSocket message). */
  readonly maxMessageBytes: number;
  /** Client → server scanning (DLP, injection in arguments). */
  readonly input: { readonly enabled: boolean; readonly action: EnforceAction; readonly onParseError: "block" | "forward" };
  /** `tools/list` poisoning scan and rug-pull detection. */
  readonly tools: { readonly enabled: boolean; readonly action: EnforceAction; readonly detectDrift: boolean; readonly driftAction: EnforceAction };
  /** Tool-call policy rules and the redirect profiles their `redirect` action names (rule id → profile). */
  readonly policy: { readonly enabled: boolean; readonly redirects: Readonly<Record<string, RedirectProfile>> };
  /** Calls only to tools listed in this session. */
  readonly binding: { readonly enabled: boolean; readonly unknownToolAction: EnforceAction; readonly noBaselineAction: EnforceAction };
  /** How long a human has to answer an `ask` before it denies. */
  readonly askTimeoutMs: number;
}

export const DEFAULT_GUARD_SETTINGS: McpGuardSettings = {
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  input: { enabled: true, action: "block", onParseError: "block" },
  tools: { enabled: true, action: "block", detectDrift: true, driftAction: "block" },
  policy: { enabled: true, redirects: {} },
  binding: { enabled: true, unknownToolAction: "block", noBaselineAction: "block" },
  askTimeoutMs: 30_000,
};
