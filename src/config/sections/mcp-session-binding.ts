/**
 * @module `mcp_session_binding` (reference key names): a tool call must name a tool the server
 * listed in this session. On and blocking by default here (the reference ships it off and
 * warning): `unknown_tool_action` for a tool never listed, `no_baseline_action` for a call made
 * before any `tools/list`.
 */
import * as v from "valibot";

export const McpSessionBindingSection = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  unknown_tool_action: v.optional(v.picklist(["block", "warn"]), "block"),
  no_baseline_action: v.optional(v.picklist(["block", "warn"]), "block"),
});

export type McpSessionBindingConfig = v.InferOutput<typeof McpSessionBindingSection>;
export const MCP_SESSION_BINDING_DEFAULT: McpSessionBindingConfig = v.parse(McpSessionBindingSection, {});
