/**
 * @module The MCP config sections → the guard's plain settings (the guard never reads YAML).
 */
import { mcpRedirectRules, type Config } from "../../config/index.ts";
import type { McpGuardSettings, RedirectProfile } from "./inspect/index.ts";

export function mcpGuardSettings(config: Config): McpGuardSettings {
  const input = config.mcp_input_scanning;
  const tools = config.mcp_tool_scanning;
  const policy = config.mcp_tool_policy;
  const binding = config.mcp_session_binding;
  const profiles: Record<string, RedirectProfile> = {};
  for (const [name, p] of Object.entries(policy.redirect_profiles)) {
    profiles[name] =
      p.tool !== undefined
        ? { kind: "tool", name, tool: p.tool, ...(p.arguments ? { arguments: p.arguments } : {}), preserveArguments: p.preserve_arguments, reason: p.reason }
        : { kind: "exec", name, exec: p.exec ?? [], preserveArgv: p.preserve_argv, reason: p.reason, timeoutMs: Math.round(p.timeout_seconds * 1000) };
  }
  const redirects: Record<string, RedirectProfile> = {};
  for (const [rule, profile] of Object.entries(mcpRedirectRules(policy))) if (profiles[profile]) redirects[rule] = profiles[profile];
  return {
    maxMessageBytes: input.max_message_bytes,
    input: { enabled: input.enabled, action: input.action, onParseError: input.on_parse_error },
    tools: { enabled: tools.enabled, action: tools.action, detectDrift: tools.detect_drift, driftAction: tools.drift_action },
    policy: { enabled: policy.enabled, redirects },
    binding: { enabled: binding.enabled, unknownToolAction: binding.unknown_tool_action, noBaselineAction: binding.no_baseline_action },
    askTimeoutMs: Math.max(1, config.response_scanning.ask_timeout_seconds) * 1000,
  };
}
