/**
 * @module `mcp_tool_scanning` (reference key names): tool-description poisoning and rug-pull
 * detection on `tools/list`. On by default, blocking. `action: warn` records poisoning without
 * removing the tool; `detect_drift` compares every later definition with the first one of the
 * session (or a pinned baseline). Our additions: `drift_action` (block by default: a changed tool
 * is removed from the list and its calls denied) and `baseline_file` (pinned fingerprints, as
 * written by `pipelock mcp baseline`; relative to the config file).
 */
import * as v from "valibot";

export const McpToolScanningSection = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  action: v.optional(v.picklist(["block", "warn"]), "block"),
  detect_drift: v.optional(v.boolean(), true),
  drift_action: v.optional(v.picklist(["block", "warn"]), "block"),
  baseline_file: v.optional(v.pipe(v.string(), v.minLength(1))),
});

export type McpToolScanningConfig = v.InferOutput<typeof McpToolScanningSection>;
export const MCP_TOOL_SCANNING_DEFAULT: McpToolScanningConfig = v.parse(McpToolScanningSection, {});
