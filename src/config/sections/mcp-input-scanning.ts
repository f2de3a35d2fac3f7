/**
 * @module `mcp_input_scanning` (reference key names): scanning of what the client sends to an MCP
 * server. On by default here (the reference turns it on automatically in `mcp proxy`). `action:
 * warn` records DLP and injection findings on client messages without refusing them;
 * `on_parse_error: forward` lets unparseable client text through after a raw-text scan (default
 * block). `max_message_bytes` is our addition: the bound on one JSON-RPC message, both ways.
 */
import * as v from "valibot";

export const McpInputScanningSection = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  action: v.optional(v.picklist(["block", "warn"]), "block"),
  on_parse_error: v.optional(v.picklist(["block", "forward"]), "block"),
  max_message_bytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1024), v.maxValue(256 * 1024 * 1024)), 10 * 1024 * 1024),
});

export type McpInputScanningConfig = v.InferOutput<typeof McpInputScanningSection>;
export const MCP_INPUT_SCANNING_DEFAULT: McpInputScanningConfig = v.parse(McpInputScanningSection, {});
